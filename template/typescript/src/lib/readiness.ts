import type { Drain } from './shutdown.js';

const CHECK_TIMEOUT_MS = 2000;

export type CheckResult = 'ok' | 'error';

/** The dependencies /ready asks, by the name each reports under in `checks`. */
export type Probes = Record<string, () => Promise<void>>;

export interface Readiness {
  /** `draining` once the process is stopping, whatever the checks say. */
  status: CheckResult | 'draining';
  checks: Record<string, CheckResult>;
}

/** Answers what /ready reports. */
export type ReadinessCheck = () => Promise<Readiness>;

async function check(probe: () => Promise<void>): Promise<CheckResult> {
  try {
    await Promise.race([
      probe(),
      new Promise((_resolve, reject) => {
        setTimeout(() => {
          reject(new Error('timeout'));
        }, CHECK_TIMEOUT_MS).unref();
      }),
    ]);
    return 'ok';
  } catch {
    return 'error';
  }
}

function status(drain: Drain, ok: boolean): Readiness['status'] {
  if (drain.active) return 'draining';
  return ok ? 'ok' : 'error';
}

/**
 * What /ready reports: a dependency that does not answer within CHECK_TIMEOUT_MS is an error,
 * and a draining process is not ready whatever its dependencies say. The composition root
 * (app.ts) names the dependencies.
 */
export function createReadinessCheck(drain: Drain, probes: Probes): ReadinessCheck {
  return async () => {
    const results = await Promise.all(
      Object.entries(probes).map(async ([name, probe]) => [name, await check(probe)] as const),
    );
    const ok = results.every(([, result]) => result === 'ok');
    return { status: status(drain, ok), checks: Object.fromEntries(results) };
  };
}
