import type { Server } from 'node:http';
import type { Env } from '../config/env.js';

/** Set when the process is told to stop: from then on /ready answers 503. */
export class Drain {
  #active = false;

  get active(): boolean {
    return this.#active;
  }

  start(): void {
    this.#active = true;
  }
}

/**
 * Explicit limits for slow or idle clients instead of Node's defaults: the request line and
 * headers, the whole request, and an idle keep-alive connection each get a deadline.
 */
export function applyServerTimeouts(
  server: Server,
  env: Pick<
    Env,
    'HTTP_HEADERS_TIMEOUT_MS' | 'HTTP_REQUEST_TIMEOUT_MS' | 'HTTP_KEEP_ALIVE_TIMEOUT_MS'
  >,
): void {
  server.headersTimeout = env.HTTP_HEADERS_TIMEOUT_MS;
  server.requestTimeout = env.HTTP_REQUEST_TIMEOUT_MS;
  server.keepAliveTimeout = env.HTTP_KEEP_ALIVE_TIMEOUT_MS;
}

/** Stops listening and resolves once every request in flight has been answered. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => {
      if (error) reject(error);
      else resolve();
    });
  });
}

export interface ShutdownOptions {
  server: Server;
  drain: Drain;
  logger: {
    info(details: object, message: string): void;
    error(details: object, message: string): void;
  };
  env: Pick<Env, 'SHUTDOWN_DRAIN_DELAY_MS' | 'SHUTDOWN_TIMEOUT_MS'>;
  /** Stops listening, waits for the requests in flight, then closes the pools. */
  stop: () => Promise<void>;
}

/**
 * On SIGTERM (or SIGINT): /ready answers 503 at once while requests are still served for
 * SHUTDOWN_DRAIN_DELAY_MS, so the load balancer stops sending new ones; every response from then
 * on carries `Connection: close`, so keep-alive clients reconnect elsewhere. Then the listener
 * closes (idle connections with it), the requests in flight finish, the pools close and the
 * process exits 0; past SHUTDOWN_TIMEOUT_MS it gives up and exits 1.
 */
export function shutDownGracefully({ server, drain, logger, env, stop }: ShutdownOptions): void {
  server.prependListener('request', (_request, response) => {
    if (drain.active) response.setHeader('connection', 'close');
  });

  async function shutdown(signal: NodeJS.Signals): Promise<void> {
    if (drain.active) return;
    drain.start();
    logger.info({ signal, drainDelayMs: env.SHUTDOWN_DRAIN_DELAY_MS }, 'draining');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs: env.SHUTDOWN_TIMEOUT_MS }, 'shutdown timed out');
      server.closeAllConnections();
      process.exit(1);
    }, env.SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    await new Promise((resolve) => setTimeout(resolve, env.SHUTDOWN_DRAIN_DELAY_MS));
    try {
      await stop();
      logger.info({ signal }, 'stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  }

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, (received) => void shutdown(received));
  }
}
