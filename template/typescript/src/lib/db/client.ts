import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import * as schema from './schema.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  /** `postgres` for a server reached through DATABASE_URL, `pglite` for the embedded one. */
  kind: 'postgres' | 'pglite';
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const PGLITE_DATA_DIR = '.data/pglite';

export interface DatabaseOptions {
  url: string | undefined;
  poolMax: number;
  /** Embedded database only: keep it in memory instead of PGLITE_DATA_DIR. */
  inMemory: boolean;
}

/** PostgreSQL through node-postgres when a URL is given, otherwise an embedded PGlite. */
export function createDatabase(options: DatabaseOptions): Database {
  if (options.url !== undefined) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolMax,
      connectionTimeoutMillis: 5000,
    });
    // Idle clients can fail when the server goes away; queries report it, the process survives.
    pool.on('error', () => undefined);
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      ping: async () => {
        await db.execute(sql`select 1`);
      },
      close: () => pool.end(),
    };
  }

  if (!options.inMemory) mkdirSync(PGLITE_DATA_DIR, { recursive: true });
  const client = new PGlite(options.inMemory ? undefined : PGLITE_DATA_DIR);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => client.close(),
  };
}
