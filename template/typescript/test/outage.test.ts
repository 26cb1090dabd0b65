import { describe, expect, it } from 'vitest';
import { NotFoundError, ServiceUnavailableError } from '../src/lib/errors.js';
import { DependencyGuard, guardRepositories } from '../src/lib/outage.js';

/** A logger that keeps its lines, and a dependency that is up or down as the test says. */
function setUp() {
  const lines: { level: 'warn' | 'info'; details: object; message: string }[] = [];
  const dependency = { up: true, pings: 0 };
  const guard = new DependencyGuard({
    name: 'database',
    ping: () => {
      dependency.pings += 1;
      return dependency.up ? Promise.resolve() : Promise.reject(new Error('ECONNREFUSED'));
    },
    logger: {
      warn: (details, message) => lines.push({ level: 'warn', details, message }),
      info: (details, message) => lines.push({ level: 'info', details, message }),
    },
    pingTimeoutMs: 200,
    recheckMs: 20,
  });
  return { lines, dependency, guard };
}

const failing = () => Promise.reject(new Error('connection terminated'));

describe('DependencyGuard', () => {
  it('answers 503 while the dependency is down, logging the outage once at each end', async () => {
    const { lines, dependency, guard } = setUp();
    dependency.up = false;
    await expect(guard.run(failing)).rejects.toBeInstanceOf(ServiceUnavailableError);
    // Known down: no call waits for the dependency any more.
    let called = false;
    await expect(
      guard.run(() => {
        called = true;
        return Promise.resolve();
      }),
    ).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(called).toBe(false);
    expect(lines.map((line) => line.message)).toEqual(['database unavailable']);

    dependency.up = true;
    await expect.poll(() => guard.isDown, { timeout: 2000 }).toBe(false);
    await expect(guard.run(() => Promise.resolve('served'))).resolves.toBe('served');
    expect(lines.map((line) => [line.level, line.message])).toEqual([
      ['warn', 'database unavailable'],
      ['info', 'database available again'],
    ]);
    expect(lines[1]?.details).toEqual(expect.objectContaining({ downForMs: expect.any(Number) }));
    guard.close();
  });

  it('keeps a failure for what it is while the dependency answers', async () => {
    const { lines, guard } = setUp();
    await expect(guard.run(failing)).rejects.toThrow('connection terminated');
    await expect(guard.run(() => Promise.reject(new NotFoundError()))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(guard.isDown).toBe(false);
    expect(lines).toEqual([]);
  });

  it('guards every method of every repository', async () => {
    const { dependency, guard } = setUp();
    const repositories = guardRepositories(
      { posts: { list: failing, count: () => Promise.resolve(3) } },
      guard,
    );
    await expect(repositories.posts.count()).resolves.toBe(3);
    dependency.up = false;
    await expect(repositories.posts.list()).rejects.toBeInstanceOf(ServiceUnavailableError);
    guard.close();
  });
});
