import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { isLoggedRequest, loggerOptions } from '../src/lib/logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  const logger = pino(loggerOptions({ LOG_LEVEL: 'info' }), stream);
  return { logger, text: () => lines.join('') };
}

describe('logger', () => {
  it('redacts credentials and tokens', () => {
    const { logger, text } = capture();
    logger.info({
      req: {
        headers: { authorization: 'Bearer secret-access-token', cookie: 'sid=secret-cookie' },
      },
      body: { password: 'secret-password', refreshToken: 'secret-refresh' },
      accessToken: 'secret-access',
    });
    expect(text()).not.toMatch(/secret-/);
    expect(text()).toContain('[REDACTED]');
  });

  it('keeps query parameters out of logged database errors', () => {
    const { logger, text } = capture();
    const error = new Error(
      'Failed query: insert into users\nparams: a@example.com,$argon2id$v=19',
    );
    logger.error({ err: error }, 'query failed');
    expect(text()).not.toContain('a@example.com');
    expect(text()).not.toContain('$argon2id');
  });

  it('logs every request but the probes that pass', () => {
    expect(isLoggedRequest('/api/v1/posts?page=2', 200)).toBe(true);
    expect(isLoggedRequest('/api/v1/nope', 404)).toBe(true);
    expect(isLoggedRequest('/health', 200)).toBe(false);
    expect(isLoggedRequest('/ready?verbose=1', 200)).toBe(false);
    expect(isLoggedRequest('/ready', 503)).toBe(true);
    expect(isLoggedRequest('/healthz', 200)).toBe(true);
  });
});
