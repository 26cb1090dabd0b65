import { AppError, ServiceUnavailableError } from './errors.js';

/** The two levels an outage is logged at (a pino logger has both). */
export interface OutageLogger {
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
}

export interface DependencyGuardOptions {
  /** Named in the log lines: `database unavailable`, `database available again`. */
  name: string;
  /** Resolves when the dependency answers; rejects or hangs when it does not. */
  ping: () => Promise<void>;
  logger: OutageLogger;
  /** How long a ping may take before the dependency counts as down. */
  pingTimeoutMs: number;
  /** How often a down dependency is pinged to notice that it is back (default 1 s). */
  recheckMs?: number;
}

/**
 * Tells a dependency outage from a bug. A call that fails with anything but an AppError is
 * followed by a ping: if the dependency does not answer either, the call answers
 * 503 SERVICE_UNAVAILABLE instead of 500. While it is down, calls fail at once instead of each
 * waiting for a connect timeout, and a ping every `recheckMs` notices when it is back. The outage
 * is logged once when it starts and once when it ends, with its duration.
 */
export class DependencyGuard {
  readonly #options: DependencyGuardOptions;
  #downSince: number | undefined;
  #recheck: NodeJS.Timeout | undefined;

  constructor(options: DependencyGuardOptions) {
    this.#options = options;
  }

  get isDown(): boolean {
    return this.#downSince !== undefined;
  }

  /** Runs `call`, turning a failure of the dependency into a ServiceUnavailableError. */
  async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.isDown) throw new ServiceUnavailableError();
    try {
      return await call();
    } catch (error) {
      if (error instanceof AppError || (await this.#answers())) throw error;
      this.#markDown(error);
      throw new ServiceUnavailableError();
    }
  }

  /** Stops pinging a down dependency (the app is closing). */
  close(): void {
    clearInterval(this.#recheck);
  }

  async #answers(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`no answer within ${this.#options.pingTimeoutMs} ms`));
      }, this.#options.pingTimeoutMs);
    });
    try {
      await Promise.race([this.#options.ping(), timeout]);
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  #markDown(error: unknown): void {
    if (this.isDown) return;
    this.#downSince = Date.now();
    const { name, logger, recheckMs = 1000 } = this.#options;
    logger.warn({ dependency: name, err: error }, `${name} unavailable`);
    let pinging = false;
    this.#recheck = setInterval(() => {
      if (pinging) return;
      pinging = true;
      void this.#answers().then((answered) => {
        pinging = false;
        if (answered) this.#markUp();
      });
    }, recheckMs);
    this.#recheck.unref();
  }

  #markUp(): void {
    if (this.#downSince === undefined) return;
    const downForMs = Date.now() - this.#downSince;
    this.#downSince = undefined;
    clearInterval(this.#recheck);
    const { name, logger } = this.#options;
    logger.info({ dependency: name, downForMs }, `${name} available again`);
  }
}

/**
 * The repositories with every method run through `guard`: the services and route handlers above
 * them see a ServiceUnavailableError when the database is down, and need no code of their own.
 */
export function guardRepositories<R extends object>(repositories: R, guard: DependencyGuard): R {
  const guarded: Record<string, unknown> = {};
  for (const [name, repository] of Object.entries(repositories)) {
    guarded[name] = guardMethods(repository as Record<string, unknown>, guard);
  }
  return guarded as R;
}

function guardMethods(repository: Record<string, unknown>, guard: DependencyGuard) {
  const guarded: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(repository)) {
    guarded[name] =
      typeof member === 'function'
        ? (...args: unknown[]) =>
            guard.run(() =>
              (member as (...params: unknown[]) => Promise<unknown>).apply(repository, args),
            )
        : member;
  }
  return guarded;
}
