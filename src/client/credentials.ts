import { CoordInputError, type Redactor } from '../errors/index.ts';
import type { NormalizedOptions } from './options.ts';

/** What a header value may hold (RFC 9110 §5.5): no control characters, so no line break to inject another header. */
export const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Both credentials (and the User-Agent) for one request: `headers` get `Authorization`, and the
 * URL returned carries `access_key`. The token source is called per request, so a refreshed token
 * is picked up at once; each token is registered for redaction before it is sent anywhere.
 * The transport applies this, beneath everything else, so that no middleware ever sees a secret.
 */
export async function withCredentials(url: string, headers: Headers, options: NormalizedOptions, redactor: Redactor): Promise<string> {
  const token = await options.userToken();
  if (token) {
    redactor.add(token);
    // fetch would refuse it too, but with an error that quotes the token.
    if (!HEADER_VALUE.test(token))
      throw new CoordInputError({ argument: 'userToken', problem: 'gave a token that is not a valid header value' });
    headers.set('Authorization', `Bearer ${token}`);
  }
  if (options.userAgent) headers.set('User-Agent', options.userAgent);
  return `${url}${url.includes('?') ? '&' : '?'}access_key=${encodeURIComponent(options.accessKey)}`;
}
