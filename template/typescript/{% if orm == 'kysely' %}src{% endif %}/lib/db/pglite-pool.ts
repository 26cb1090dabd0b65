import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient } from 'kysely';

/**
 * PGlite as the `pg` pool Kysely's PostgresDialect expects. PGlite is a single session, so the
 * pool lends one client at a time: a transaction (BEGIN ... COMMIT on that client) never
 * interleaves with statements from other requests, which wait for its release.
 */
export function createPglitePool(client: PGlite): PostgresPool {
  let idle: Promise<void> = Promise.resolve();
  const query = async (sql: string, parameters: readonly unknown[]) => {
    const result = await client.query(sql, [...parameters]);
    return {
      command: result.command,
      rowCount: result.rowCount ?? result.affectedRows ?? 0,
      rows: result.rows,
    };
  };
  return {
    options: {},
    async connect() {
      const previous = idle;
      let release!: () => void;
      idle = new Promise((resolve) => {
        release = resolve;
      });
      await previous;
      // Kysely uses the cursor overload of `query` only for streaming, which needs a `cursor`.
      return { query, release } as unknown as PostgresPoolClient;
    },
    end: async () => {
      if (!client.closed) await client.close();
    },
  };
}
