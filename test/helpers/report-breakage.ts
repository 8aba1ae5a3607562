import type { Answer, Breakage } from './broken-proxy.ts';

const edited = (answer: Answer, edit: (body: any) => unknown): Answer => {
  try {
    return { ...answer, body: JSON.stringify(edit(JSON.parse(answer.body))) };
  } catch {
    return answer;
  }
};

/**
 * A server broken three ways at once, for the reports to show: `get_user_sessions` sends each
 * session's license plate as a number (one operation's answers break the schema, and every flow
 * that lists the user's sessions fails at that step); every 404 problem lacks its title (one
 * root cause on every operation that answers 404); and every 401 echoes, in its detail, the
 * credentials and the headers it was sent, raw and base64-encoded (secrets the reports must not
 * carry in any form).
 */
export const BROKEN_FOR_REPORTS: Breakage = {
  response: (seen, answer) => {
    if (seen.operationId === 'get_user_sessions' && answer.status === 200)
      return edited(answer, (sessions: { license_plate?: unknown }[]) => sessions.map((session) => ({ ...session, license_plate: 1234 })));
    if (answer.status === 404) return edited(answer, ({ title: _title, ...problem }) => problem);
    if (answer.status === 401) {
      const sent = [seen.authorization, seen.query.get('access_key') ?? '', String(seen.headers['x-gateway-key'] ?? '')].join(' ');
      return edited(answer, (problem) => ({ ...problem, detail: `you sent ${sent} (${Buffer.from(sent).toString('base64')})` }));
    }
    return answer;
  },
};
