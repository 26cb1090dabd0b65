#!/usr/bin/env -S node --disable-warning=ExperimentalWarning
// Test harness only, never rendered into a project. The Prisma CLI downloads a native schema
// engine before `generate` and every `migrate`/`db` command; these machines cannot reach the
// download host. PRISMA_SCHEMA_ENGINE_BINARY=<this file> makes the CLI spawn this script
// instead: it speaks the native engine's protocol (newline-delimited JSON-RPC 2.0 on stdin and
// stdout, JSON log lines on stderr) and runs each request on Prisma's published Wasm schema
// engine, which reaches PostgreSQL through the @prisma/adapter-pg driver adapter and SQLite
// files through @prisma/adapter-libsql. The Wasm engine has no MySQL connector (it panics with
// "Unsupported adapter provider: Mysql"), so MySQL is refused up front.
//
// Arguments, as the CLI passes them: --datamodels <file> (repeated), --datasource <json with
// url and shadowDatabaseUrl>; --enabled-preview-features and --extension-types are ignored.
// `--datasource <json> cli <command>` runs one command and exits instead: `migrate dev` asks
// can-connect-to-database, then create-database when the database does not exist yet.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';

// The engine's packages are imported when a request needs them, not statically: without them
// (no `npm ci` in tests/prisma_engine) each request must fail, and an engine that dies before it
// answers is one the CLI takes for a success.
let PrismaLibSql, PrismaPg, bindMigrationAwareSqlAdapterFactory, SchemaEngine, pg, CatalogClient;

async function loadPackages() {
  ({ PrismaLibSql } = await import('@prisma/adapter-libsql'));
  ({ PrismaPg } = await import('@prisma/adapter-pg'));
  ({ bindMigrationAwareSqlAdapterFactory } = await import('@prisma/driver-adapter-utils'));
  ({ SchemaEngine } = await import('@prisma/schema-engine-wasm'));
  ({ default: pg } = await import('pg'));
  CatalogClient = catalogClient(pg.Client);
}

/** JSON-RPC method names the CLI sends that the Wasm engine spells differently. */
const RENAMED = { getDatabaseVersion: 'version' };

function parseArgs(argv) {
  const datamodels = [];
  let datasource = {};
  let command;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--datamodels') datamodels.push(argv[++i]);
    else if (argv[i] === '--datasource') datasource = JSON.parse(argv[++i]);
    else if (argv[i] === 'cli') command = argv[++i];
    else if (argv[i].startsWith('--')) i++;
  }
  return { datamodels, datasource, command };
}

function log(level, message) {
  process.stderr.write(`${JSON.stringify({ level, fields: { message } })}\n`);
}

// The adapter maps result columns by type OID and refuses the catalog-only `"char"` type
// (prisma/orm#27403), which the engine's schema describer reads from pg_catalog; PostgreSQL
// sends it as text, so this client reports it (and its array) as text.
const CATALOG_TYPES_AS_TEXT = new Map([
  [18, 25], // "char" -> text
  [19, 25], // name -> text
  [1002, 1009], // "char"[] -> text[]
  [1003, 1009], // name[] -> text[]
]);

function retype(result) {
  for (const field of result?.fields ?? []) {
    field.dataTypeID = CATALOG_TYPES_AS_TEXT.get(field.dataTypeID) ?? field.dataTypeID;
  }
  return result;
}

function catalogClient(Client) {
  return class CatalogClient extends Client {
    query(config, values, callback) {
      const done = typeof values === 'function' ? values : callback;
      if (typeof done === 'function') {
        const args = typeof values === 'function' ? [config] : [config, values];
        return super.query(...args, (error, result) => done(error, error ? result : retype(result)));
      }
      const pending = super.query(config, values);
      return typeof pending?.then === 'function' ? pending.then(retype) : pending;
    }
  };
}

function poolConfig(url) {
  return { connectionString: url, Client: CatalogClient, max: 4 };
}

/** The Wasm engine's adapter provider for a datasource URL, from its scheme. */
function providerOf(url) {
  if (!url) throw new Error('The datasource has no url: set DATABASE_URL');
  const scheme = url.slice(0, url.indexOf(':'));
  if (scheme === 'postgres' || scheme === 'postgresql') return 'postgres';
  if (scheme === 'file') return 'sqlite';
  throw new Error(`Prisma's Wasm schema engine serves PostgreSQL and SQLite, not ${scheme}: URLs`);
}

/**
 * A SQLite URL's file: `file:./dev.db` is relative to the working directory the CLI starts the
 * engine in (the project), as the native engine reads it; query parameters are not part of it.
 */
function sqlitePath(url) {
  return resolve(url.slice('file:'.length).split('?')[0]);
}

/**
 * The PostgreSQL adapter factory. The shadow database (`migrate dev`, `diff --from-migrations`)
 * is the configured shadowDatabaseUrl, or a temporary database created here and dropped on
 * dispose once its pool has ended (the adapter's own helper drops it while its connections are
 * still open, which PostgreSQL refuses).
 */
function postgresAdapterFactory({ url, shadowDatabaseUrl }) {
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => new PrismaPg(poolConfig(url)).connect(),
    async connectToShadowDb() {
      if (shadowDatabaseUrl) return new PrismaPg(poolConfig(shadowDatabaseUrl)).connect();
      const name = `prisma_shadow_${randomUUID().replaceAll('-', '')}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      const shadowUrl = new URL(url);
      shadowUrl.pathname = `/${name}`;
      const adapter = await new PrismaPg(poolConfig(shadowUrl.toString())).connect();
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        try {
          await dispose();
          await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        } finally {
          await admin.end();
        }
      };
      return adapter;
    },
  };
}

/**
 * The SQLite connection the Wasm engine gets. Two of its habits need the native engine's
 * behaviour back:
 * - It runs scripts of several statements (each migration on the shadow database, for one)
 *   through executeRaw without arguments, as the native engine's raw_cmd does; @libsql/client's
 *   execute runs the first statement only, so these go through executeScript.
 * - It lists applied migrations by reading _prisma_migrations and, unlike the native engine,
 *   takes SQLite's "no such table" there as a failure (P1014) instead of a database Migrate has
 *   not set up yet. An empty list means the same to it: it creates the table before applying the
 *   first migration, and refuses a database that has other tables (P3005), as the native does.
 */
function forSchemaEngine(adapter) {
  const { queryRaw, executeRaw, executeScript } = adapter;
  adapter.executeRaw = async (query) => {
    if (query.args.length > 0) return executeRaw.call(adapter, query);
    await executeScript.call(adapter, query.sql);
    return 0;
  };
  adapter.queryRaw = async (query) => {
    try {
      return await queryRaw.call(adapter, query);
    } catch (error) {
      const listing = /^\s*SELECT\b[^;]*\bFROM `_prisma_migrations`/i.test(query.sql);
      if (!listing || !/no such table: _prisma_migrations\b/.test(error?.message)) throw error;
      return { columnNames: [], columnTypes: [], rows: [] };
    }
  };
  return adapter;
}

/**
 * Empties a SQLite database as the native engine's reset does (it truncates the file); the Wasm
 * engine's reset only deletes rows, so the tables are still there when Migrate reapplies the
 * migrations. Foreign keys are checked at commit, when no table is left to check.
 */
async function resetSqlite(factory) {
  const adapter = await factory.connect();
  try {
    const { rows } = await adapter.queryRaw({
      sql: `SELECT type, name FROM sqlite_master
            WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'`,
      args: [],
      argTypes: [],
    });
    const drops = rows.map(
      ([type, name]) => `DROP ${type.toUpperCase()} "${name.replaceAll('"', '""')}";`,
    );
    await adapter.executeScript(
      ['BEGIN;', 'PRAGMA defer_foreign_keys = ON;', ...drops, 'COMMIT;'].join('\n'),
    );
  } finally {
    await adapter.dispose();
  }
}

/**
 * The SQLite adapter factory, with its own `reset`. Without a shadowDatabaseUrl the shadow
 * database is the adapter's own, in memory, as the native engine's is.
 */
function sqliteAdapterFactory({ url, shadowDatabaseUrl }) {
  const factory = new PrismaLibSql({ url: `file:${sqlitePath(url)}` });
  return {
    provider: 'sqlite',
    adapterName: factory.adapterName,
    connect: async () => forSchemaEngine(await factory.connect()),
    connectToShadowDb: async () =>
      forSchemaEngine(
        await (shadowDatabaseUrl
          ? new PrismaLibSql({ url: `file:${sqlitePath(shadowDatabaseUrl)}` }).connect()
          : factory.connectToShadowDb()),
      ),
    methods: { reset: () => resetSqlite(factory) },
  };
}

/** The adapter factory the Wasm engine expects, for the database the datasource URL names. */
function adapterFactory(datasource) {
  return providerOf(datasource.url) === 'sqlite'
    ? sqliteAdapterFactory(datasource)
    : postgresAdapterFactory(datasource);
}

/** The native engine's error shape: the CLI reads data.message, data.error_code, data.is_panic. */
function toRpcError(error) {
  const isPanic = error instanceof WebAssembly.RuntimeError;
  return {
    code: 4466,
    message: 'An error happened. Check the data field for details.',
    data: {
      is_panic: isPanic,
      message: error?.message ?? String(error),
      error_code: error?.code,
      meta: error?.meta,
      ...(isPanic ? { error: { message: error.message } } : {}),
    },
  };
}

/** A `cli` command's failure as the Prisma error code the CLI acts on, when there is one. */
class CliError extends Error {
  constructor(errorCode, message) {
    super(message);
    this.errorCode = errorCode;
  }
}

/** PostgreSQL and socket errors as the Prisma error codes the CLI acts on. */
function postgresError(error, url) {
  const { hostname, port, pathname } = new URL(url);
  const server = `${hostname}:${port || 5432}`;
  if (error.code === '3D000') {
    const name = decodeURIComponent(pathname.slice(1));
    return new CliError(
      'P1003',
      `Database \`${name}\` does not exist on the database server at \`${server}\`.`,
    );
  }
  if (error.code === '28P01')
    return new CliError('P1000', `Authentication failed against ${server}.`);
  if (error.code === 'ECONNREFUSED' || error.code === 'ENOTFOUND') {
    return new CliError('P1001', `Can't reach database server at \`${server}\``);
  }
  return new CliError(undefined, error.message);
}

/** A PostgreSQL database is created and dropped from the server's maintenance database. */
async function runPostgresCommand(command, url) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({
    connectionString: command === 'can-connect-to-database' ? url : maintenance.toString(),
  });
  try {
    await client.connect();
    if (command === 'create-database') await client.query(`CREATE DATABASE "${name}"`);
    else if (command === 'drop-database') await client.query(`DROP DATABASE "${name}"`);
  } catch (error) {
    throw postgresError(error, url);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A SQLite database is its file. As with the native engine, a missing file is a missing database
 * (P1003, so `migrate dev` and `migrate deploy` create it), and creating it creates its directory.
 */
function runSqliteCommand(command, url) {
  const path = sqlitePath(url);
  if (command === 'can-connect-to-database' && !existsSync(path)) {
    throw new CliError('P1003', `Database \`${basename(path)}\` does not exist at \`${path}\``);
  }
  if (command === 'create-database') {
    mkdirSync(dirname(path), { recursive: true });
    // An empty file is an empty SQLite database; an existing one is left as it is.
    writeFileSync(path, '', { flag: 'a' });
  } else if (command === 'drop-database') rmSync(path);
}

/** `cli <command>`: exit 0 on success; on failure the CLI reads the error from stderr. */
async function runCliCommand(command, { url }) {
  try {
    if (!['can-connect-to-database', 'create-database', 'drop-database'].includes(command)) {
      throw new Error(`Unknown command ${command}`);
    }
    await loadPackages();
    if (providerOf(url) === 'sqlite') runSqliteCommand(command, url);
    else await runPostgresCommand(command, url);
  } catch (error) {
    // The CLI skips the first stderr line, then parses each line as JSON.
    process.stderr.write(`${command} failed\n`);
    const fields = { error_code: error.errorCode, message: error.message };
    process.stderr.write(
      `${JSON.stringify({ level: 'ERROR', target: 'schema_engine::logger', fields })}\n`,
    );
    process.exitCode = 1;
  }
}

function send(message) {
  process.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
}

let printId = 0;

async function main() {
  const { datamodels, datasource, command } = parseArgs(process.argv.slice(2));
  if (command !== undefined) {
    await runCliCommand(command, datasource);
    return;
  }
  const files = datamodels.map((path) => [path, readFileSync(path, 'utf8')]);
  // A datasource the engine cannot start on (an unreachable server, MySQL), or a missing
  // package, fails each request, as with the native engine: the CLI takes an engine that exits
  // without answering as success.
  const started = (async () => {
    await loadPackages();
    const factory = adapterFactory(datasource);
    const engine = await SchemaEngine.new(
      { datamodels: files.length > 0 ? files : undefined },
      (line) => log('INFO', String(line)),
      bindMigrationAwareSqlAdapterFactory(factory),
    );
    return { factory, engine };
  })();
  started.catch(() => undefined);

  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let queue = Promise.resolve();
  lines.on('line', (line) => {
    if (line.trim() === '') return;
    const request = JSON.parse(line);
    // Replies to our own `print` requests carry no method; nothing waits for them.
    if (request.method === undefined) return;
    queue = queue.then(async () => {
      const method = RENAMED[request.method] ?? request.method;
      try {
        const { factory, engine } = await started;
        // Methods the factory serves itself stand in for the Wasm engine's.
        const run = factory.methods?.[method] ?? engine[method]?.bind(engine);
        if (typeof run !== 'function') {
          throw new Error(`The Wasm schema engine has no method ${request.method}`);
        }
        let result = await run(request.params ?? undefined);
        if (method === 'diff') {
          // The native engine prints the diff through a `print` request to the CLI.
          const { stdout, ...rest } = result;
          if (stdout) {
            const content = stdout.endsWith('\n') ? stdout.slice(0, -1) : stdout;
            send({ id: `print-${++printId}`, method: 'print', params: { content } });
          }
          result = rest;
        }
        send({ id: request.id, result: result ?? null });
      } catch (error) {
        log('ERROR', error?.message ?? String(error));
        send({ id: request.id, error: toRpcError(error) });
      }
    });
  });
  lines.on('close', () => {
    void queue.then(async () => {
      const { engine } = await started.catch(() => ({}));
      engine?.free();
      process.exit(0);
    });
  });
}

main().catch((error) => {
  log('ERROR', error?.stack ?? String(error));
  process.exit(1);
});
