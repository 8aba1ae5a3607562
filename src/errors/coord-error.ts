import type { Redactor } from './redactor.ts';

/** Where an error happened. The URL is always stored redacted. */
export interface RequestContext {
  operationId?: string;
  method?: string;
  url?: string;
}

/**
 * The base of every error this package throws: `instanceof CoordError` catches them all, and
 * `code` tells them apart without `instanceof` (across bundles or realms). Each class spells
 * out its `name`: a minifier renames classes, so `constructor.name` would be `P` in an app's bundle.
 */
export abstract class CoordError extends Error {
  abstract readonly code: string;
  abstract override readonly name: string;
  readonly operationId: string | undefined;
  readonly method: string | undefined;
  /** The request URL with credentials replaced by `***`. */
  readonly url: string | undefined;

  protected constructor(message: string, context: RequestContext, redactor: Redactor, options?: ErrorOptions) {
    super(redactor.text(message), options);
    this.operationId = context.operationId;
    this.method = context.method;
    this.url = context.url && redactor.url(context.url);
  }

  toJSON(): Record<string, unknown> {
    return { ...(this as object), name: this.name, message: this.message };
  }
}

/** `GET https://…/lot-1/session?access_key=***` for messages. */
export function describeRequest({ operationId, method, url }: RequestContext, redactor: Redactor): string {
  const target = [method, url && redactor.url(url)].filter(Boolean).join(' ');
  return operationId ? `${operationId} (${target})` : target;
}
