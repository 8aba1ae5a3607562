/**
 * A small app page for the Chromium test: the README's browser setup (examples/msw-browser.ts)
 * starts the sandbox in a service worker, then the typed client, at its default base URL, walks
 * a gated session through its life and the page shows each step.
 */
import { sessionState, waitForSessionState, type Session } from 'coord-parking';
import { coord, sandbox } from '../../../examples/msw-browser.ts';

const element = (id: string) => document.getElementById(id)!;
let current: Session | undefined;

/** Each step of the session's life, as the page saw it. */
function record(text: string): void {
  const item = document.createElement('li');
  item.textContent = text;
  element('timeline').append(item);
}

function show(session: Session): void {
  current = session;
  element('session').hidden = false;
  element('session-id').textContent = String(session.id);
  element('location').textContent = sandbox.gatedLocationId;
  element('state').textContent = sessionState(session);
  element('state').dataset.state = sessionState(session);
  element('barcode').textContent = session.redemption_info?.barcode.data ?? '';
  element('barcode-format').textContent = session.redemption_info?.barcode.format ?? '';
  const cost = session.billing_info?.cost;
  element('cost').textContent = cost ? `${(cost.amount / 100).toFixed(2)} ${cost.currency}` : '—';
  (element('gate') as HTMLButtonElement).disabled = sessionState(session) !== 'awaiting_redemption';
}

/** Runs a step, showing any error on the page rather than in the console only. */
const step = (run: () => Promise<void>) => () =>
  run().catch((error: Error) => (element('error').textContent = `${error.name}: ${error.message}`));

element('park').addEventListener(
  'click',
  step(async () => {
    const session = await coord.sessions.create(sandbox.gatedLocationId, { license_plate: '7ABC123' });
    show(session);
    record(`Created session ${session.id}: ${sessionState(session)}, barcode ${session.redemption_info?.barcode.data}`);
  }),
);
element('gate').addEventListener(
  'click',
  step(async () => {
    const { id } = current!;
    await coord.testing.simulateRedemption(sandbox.gatedLocationId, id, { durationMinutes: 90 });
    record('Barcode scanned at the gate, in and out 90 minutes later');
    const ended = await waitForSessionState(coord, sandbox.gatedLocationId, id, 'ended', { intervalMs: 100, timeoutMs: 5_000 });
    show(ended);
    record(`Session ${id}: ${sessionState(ended)}, cost ${element('cost').textContent}`);
  }),
);
element('status').textContent =
  `Sandbox ready: ${navigator.serviceWorker.controller ? 'a service worker answers' : 'no service worker'} for the Coord API.`;
(element('park') as HTMLButtonElement).disabled = false;
