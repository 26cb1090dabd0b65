import { randomUUID } from 'node:crypto';

const SANE_REQUEST_ID = /^[\w-]{1,128}$/;

/** Keeps a sane incoming X-Request-Id (a proxy's or the client's), otherwise makes a UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && SANE_REQUEST_ID.test(header) ? header : randomUUID();
}
