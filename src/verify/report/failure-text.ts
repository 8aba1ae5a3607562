import type { Failure } from '../results.ts';

/** A failure as a person reads it: the check, the operation, the request, the difference, a curl. */
export function describeFailure(check: string, operations: string[], failure: Failure): string {
  const lines = [`${check} failed for ${operations.join(', ')}: ${failure.message}`];
  const exchange = failure.exchange;
  if (exchange)
    lines.push(
      `  request:   ${exchange.request.method} ${exchange.request.url}${exchange.request.body ? ` ${truncate(exchange.request.body)}` : ''}`,
    );
  lines.push(`  expected:  ${failure.expected}`, `  actual:    ${truncate(failure.actual)}`);
  if (exchange) lines.push(`  reproduce: ${exchange.curl}`);
  return lines.join('\n');
}

function truncate(text: string, max = 400): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
