import type { Middleware } from 'openapi-fetch';
import type { Redactor } from '../errors/index.ts';
import type { NormalizedOptions } from './options.ts';

/**
 * Puts both credentials (and the User-Agent) on every request. The token source is called per
 * request, so a refreshed token is picked up at once; each token is registered for redaction
 * before it is sent anywhere.
 */
export function credentialsMiddleware(options: NormalizedOptions, redactor: Redactor): Middleware {
  return {
    async onRequest({ request }) {
      const url = new URL(request.url);
      url.searchParams.set('access_key', options.accessKey);
      const token = await options.userToken();
      const next = new Request(url, request);
      if (token) {
        redactor.add(token);
        next.headers.set('Authorization', `Bearer ${token}`);
      }
      if (options.userAgent) next.headers.set('User-Agent', options.userAgent);
      return next;
    },
  };
}
