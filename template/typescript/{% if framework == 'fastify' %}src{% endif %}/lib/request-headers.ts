import type { FastifyRequest } from 'fastify';
import type { HeaderReader } from './authentication.js';

/** The request's headers as the sign-in choice reads them: one string per name. */
export function headerReader(request: FastifyRequest): HeaderReader {
  return (name) => {
    const value = request.headers[name];
    return typeof value === 'string' ? value : undefined;
  };
}
