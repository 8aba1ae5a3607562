import type { CheckResult, Failure } from '../results.ts';

const DRIVER_NAMES: Record<NonNullable<Failure['driver']>, string> = { http: 'raw HTTP', client: 'the typed client' };

/** A failure as a person reads it: the check, the operation, the request, the answer, the difference, a curl. */
export function describeFailure(result: Pick<CheckResult, 'check' | 'operations' | 'per'>, failure: Failure): string {
  const where = result.per === 'flow' ? `${result.check} (${result.operations.join(', ')})` : `${result.check} for ${failure.operation}`;
  const lines = [`${where} failed: ${failure.message}`];
  if (failure.driver) lines.push(`  step:      ${failingStep(failure)}`);
  const exchange = failure.exchange;
  if (exchange) {
    lines.push(
      `  request:   ${exchange.request.method} ${exchange.request.url}${exchange.request.body ? ` ${truncate(exchange.request.body)}` : ''}`,
      `  response:  ${responseLine(exchange)}`,
    );
  }
  lines.push(`  expected:  ${failure.expected}`, `  actual:    ${truncate(failure.actual)}`);
  if (exchange) lines.push(`  reproduce: ${exchange.curl}`);
  return lines.join('\n');
}

/** "request 4 of 7, end_session, through the typed client". */
export function failingStep(failure: Failure): string {
  const at = failure.step ? `request ${failure.step.index} of ${failure.step.of}, ` : '';
  return `${at}${failure.operation ?? 'its last request'}, through ${failure.driver ? DRIVER_NAMES[failure.driver] : 'raw HTTP'}`;
}

/** The answer in one line: status, media type and the start of the body; or why there was none. */
export function responseLine(exchange: NonNullable<Failure['exchange']>, max = 300): string {
  const response = exchange.response;
  if (!response) return `none: ${exchange.error ?? 'no answer'}`;
  return `${response.status} ${response.mediaType || '(no content type)'} ${truncate(response.text, max)}`.trimEnd();
}

export function truncate(text: string, max = 400): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
