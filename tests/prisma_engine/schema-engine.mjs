#!/usr/bin/env -S node --disable-warning=ExperimentalWarning
// Test harness only, never rendered into a project. The Prisma CLI downloads a native schema
// engine before `generate` and every `migrate`/`db` command; these machines cannot reach the
// download host. PRISMA_SCHEMA_ENGINE_BINARY=<this file> makes the CLI spawn this script
// instead: it speaks the native engine's protocol (newline-delimited JSON-RPC 2.0 on stdin and
// stdout, JSON log lines on stderr) and runs each request on Prisma's published Wasm schema
// engine, which reaches PostgreSQL through the @prisma/adapter-pg driver adapter.
//
// Arguments, as the CLI passes them: --datamodels <file> (repeated), --datasource <json with
// url and shadowDatabaseUrl>; --enabled-preview-features and --extension-types are ignored.
// `--datasource <json> cli <command>` runs one command and exits instead: `migrate dev` asks
// can-connect-to-database, then create-database when the database does not exist yet.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { SchemaEngine } from '@prisma/schema-engine-wasm';
import pg from 'pg';

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

class CatalogClient extends pg.Client {
  query(config, values, callback) {
    const done = typeof values === 'function' ? values : callback;
    if (typeof done === 'function') {
      const args = typeof values === 'function' ? [config] : [config, values];
      return super.query(...args, (error, result) => done(error, error ? result : retype(result)));
    }
    const pending = super.query(config, values);
    return typeof pending?.then === 'function' ? pending.then(retype) : pending;
  }
}

function poolConfig(url) {
  return { connectionString: url, Client: CatalogClient, max: 4 };
}

/**
 * The adapter factory the Wasm engine expects. The shadow database (`migrate dev`, `diff
 * --from-migrations`) is the configured shadowDatabaseUrl, or a temporary database created here
 * and dropped on dispose once its pool has ended (the adapter's own helper drops it while its
 * connections are still open, which PostgreSQL refuses).
 */
function adapterFactory({ url, shadowDatabaseUrl }) {
  if (!url) throw new Error('The datasource has no url: set DATABASE_URL');
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

/** PostgreSQL and socket errors as the Prisma error codes the CLI acts on. */
function errorCode(error, url) {
  const { hostname, port, pathname } = new URL(url);
  const server = `${hostname}:${port || 5432}`;
  if (error.code === '3D000') {
    const name = decodeURIComponent(pathname.slice(1));
    return ['P1003', `Database \`${name}\` does not exist on the database server at \`${server}\`.`];
  }
  if (error.code === '28P01') return ['P1000', `Authentication failed against ${server}.`];
  if (error.code === 'ECONNREFUSED' || error.code === 'ENOTFOUND') {
    return ['P1001', `Can't reach database server at \`${server}\``];
  }
  return [undefined, error.message];
}

/** `cli <command>`: exit 0 on success; on failure the CLI reads the error from stderr. */
async function runCliCommand(command, { url }) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({
    connectionString: command === 'can-connect-to-database' ? url : maintenance.toString(),
  });
  try {
    await client.connect();
    if (command === 'create-database') await client.query(`CREATE DATABASE "${name}"`);
    else if (command === 'drop-database') await client.query(`DROP DATABASE "${name}"`);
    else if (command !== 'can-connect-to-database') throw new Error(`Unknown command ${command}`);
  } catch (error) {
    const [code, message] = errorCode(error, url);
    // The CLI skips the first stderr line, then parses each line as JSON.
    process.stderr.write(`${command} failed\n`);
    process.stderr.write(
      `${JSON.stringify({ level: 'ERROR', target: 'schema_engine::logger', fields: { error_code: code, message } })}\n`,
    );
    process.exitCode = 1;
  } finally {
    await client.end().catch(() => undefined);
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
  const adapter = bindMigrationAwareSqlAdapterFactory(adapterFactory(datasource));
  const engine = await SchemaEngine.new(
    { datamodels: files.length > 0 ? files : undefined },
    (line) => log('INFO', String(line)),
    adapter,
  );

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
        if (typeof engine[method] !== 'function') {
          throw new Error(`The Wasm schema engine has no method ${request.method}`);
        }
        let result = await engine[method](request.params ?? undefined);
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
    void queue.then(() => {
      engine.free();
      process.exit(0);
    });
  });
}

main().catch((error) => {
  log('ERROR', error?.stack ?? String(error));
  process.exit(1);
});
