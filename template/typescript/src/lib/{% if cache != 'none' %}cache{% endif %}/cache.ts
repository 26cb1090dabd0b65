/** A small key-value cache holding JSON values with a time to live. */
export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  /** Deletes every key starting with `prefix`. */
  deleteByPrefix(prefix: string): Promise<void>;
  /** Resolves when the cache answers; used by the readiness check. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Cache-aside: returns the cached value for `key`, or loads, stores and returns it.
 * A failing cache never fails the request; the loader's value is served instead.
 */
export async function getOrSet<T>(
  cache: Cache,
  key: string,
  ttlSeconds: number,
  loader: () => Promise<T>,
): Promise<T> {
  const cached = await cache.get<T>(key).catch(() => undefined);
  if (cached !== undefined) return cached;
  const value = await loader();
  await cache.set(key, value, ttlSeconds).catch(() => undefined);
  return value;
}
