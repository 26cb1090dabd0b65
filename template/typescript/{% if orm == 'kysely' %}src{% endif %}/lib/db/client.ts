import { Kysely, PostgresDialect, sql } from 'kysely';
import { createPool, openPglite, type DatabaseOptions, type PostgresDatabase } from './postgres.js';
import { createPglitePool } from './pglite-pool.js';
import type { DB } from './schema.js';

export type Db = Kysely<DB>;

export type Database = PostgresDatabase<Db>;

/** PostgreSQL through node-postgres when a URL is given, otherwise an embedded PGlite. */
export function createDatabase(options: DatabaseOptions): Database {
  if (options.url !== undefined) {
    const pool = createPool(options.url, options.poolMax);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return withLifecycle(db, 'postgres', async () => {
      if (!pool.ended) await pool.end();
    });
  }

  const client = openPglite(options.inMemory);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: createPglitePool(client) }) });
  return withLifecycle(db, 'pglite', async () => {
    if (!client.closed) await client.close();
  });
}

function withLifecycle(db: Db, kind: Database['kind'], release: () => Promise<void>): Database {
  return {
    db,
    kind,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: async () => {
      // destroy() ends the pool only if a query ever ran; `release` covers the other case.
      await db.destroy();
      await release();
    },
  };
}
