import Mocha from 'mocha';
import { sessionState, type Session } from '../../src/index.ts';
import type { VerifyOptions } from '../../src/verify/options.ts';
import { TEST_USER, type RunningSandbox } from '../../src/sandbox/index.ts';

/** Mocha's base reporter: counts, prints nothing (the outer mocha run is the one reporting). */
export const Silent = Mocha.reporters.Base as unknown as Mocha.ReporterConstructor;

/**
 * Options aiming verify at `baseUrl` (the sandbox itself, or a proxy in front of it) with every
 * credential and location the sandbox has, so that every check can run: both users, both
 * locations, an expired token.
 */
export async function optionsFor(sandbox: RunningSandbox, baseUrl: string, extra: Partial<VerifyOptions> = {}): Promise<VerifyOptions> {
  return {
    target: 'url',
    baseUrl,
    accessKey: sandbox.accessKey,
    token: sandbox.testUserToken,
    nonTestToken: sandbox.userToken,
    expiredToken: await sandbox.mintToken(TEST_USER, -3600),
    location: sandbox.locationId,
    gatedLocation: sandbox.gatedLocationId,
    viaPrism: false,
    reporter: 'spec',
    seed: 20261126,
    runs: 3,
    bail: false,
    list: false,
    requestTimeoutMs: 10_000,
    maxResponseBytes: 1024 * 1024,
    ...extra,
  };
}

/**
 * The sessions of either user still open at either location, asked of the sandbox through its
 * own API as each user (`get_location_sessions`), as `user@location#id state`.
 */
export async function openSessions(sandbox: RunningSandbox): Promise<string[]> {
  const open: string[] = [];
  const users = { 'test user': sandbox.testUserToken, 'regular user': sandbox.userToken };
  for (const [user, token] of Object.entries(users)) {
    for (const location of [sandbox.locationId, sandbox.gatedLocationId]) {
      const response = await fetch(`${sandbox.baseUrl}/${location}/session?access_key=${sandbox.accessKey}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (response.status !== 200) throw new Error(`get_location_sessions answered ${response.status}`);
      for (const session of (await response.json()) as Session[]) {
        const state = sessionState(session);
        if (state !== 'ended') open.push(`${user}@${location}#${session.id} ${state}`);
      }
    }
  }
  return open;
}
