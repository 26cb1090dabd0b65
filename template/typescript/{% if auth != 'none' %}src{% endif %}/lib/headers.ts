import type { IncomingHttpHeaders } from 'node:http';

/** Reads one request header by its lower-case name; each framework's adapter supplies it. */
export type HeaderReader = (name: string) => string | undefined;

/** A HeaderReader over Node's request headers, as Fastify's `request.headers` holds them. */
export function nodeHeaderReader(headers: IncomingHttpHeaders): HeaderReader {
  return (name) => {
    const value = headers[name];
    return typeof value === 'string' ? value : undefined;
  };
}
