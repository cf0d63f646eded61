/**
 * Opens the database: embedded PGlite (data directory on disk, or in memory for tests) by
 * default, a PostgreSQL server when a URL is given. Both speak the same SQL; nothing above this
 * file knows which one it has.
 */
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyStatement } from './copy';
import { PGliteDialect } from './pglite-dialect';
import type { DB } from './types';

export type Engine = 'pglite' | 'postgres';

/**
 * The database handle services pass around and open transactions on (a transaction is a `Db`
 * too). Only repositories query it: the lint rule forbids query builders and `sql` elsewhere.
 */
export type Db = Kysely<DB>;

export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  close(): Promise<void>;
  /**
   * PGlite only: a gzipped tarball of the data directory, taken while no query or transaction
   * runs (it holds the one connection) and after a checkpoint, so it opens without recovery.
   */
  dumpDataDir?: () => Promise<Buffer>;
}

export interface OpenOptions {
  /** postgres://… connection string; when absent PGlite is used. */
  url?: string;
  /** PGlite data directory; absent means in memory. */
  dataDir?: string;
  /** PostgreSQL schema to use as search_path (tests isolate themselves this way). */
  schema?: string;
  /** Maximum pool size for PostgreSQL. */
  poolSize?: number;
}

// Counts and sums come back as numbers, not strings; ids are int4, so int8 only appears in
// aggregates, whose values stay far below 2^53 here.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

/**
 * Unpack a PGlite data-directory tarball into a new directory (restoring a backup of the embedded
 * database), then close it again.
 */
export async function restoreDataDir(dataDir: string, tarball: Buffer<ArrayBuffer>): Promise<void> {
  const pglite = new PGlite(dataDir, { loadDataDir: new Blob([tarball]) });
  await pglite.waitReady;
  await pglite.close();
}

/**
 * Let the pool's clients run a marked `COPY … FROM STDIN` (db/copy.ts) by streaming its one
 * parameter as the data; every other query goes through unchanged.
 */
function withCopy(pool: pg.Pool): pg.Pool {
  pool.on('connect', (client) => {
    const original = client.query.bind(client) as unknown as (q: unknown, v?: unknown) => unknown;
    const patched = (text: unknown, values?: unknown): unknown => {
      const copy =
        typeof text === 'string' && Array.isArray(values) ? copyStatement(text, values as unknown[]) : null;
      if (copy === null) return original(text, values);
      const stream = original(copyFrom(copy)) as ReturnType<typeof copyFrom>;
      return new Promise((resolve, reject) => {
        stream.on('finish', () => {
          resolve({ command: 'COPY', rowCount: stream.rowCount, rows: [], oid: 0, fields: [] });
        });
        stream.on('error', reject);
        stream.end((values as string[])[0]);
      });
    };
    (client as unknown as { query: typeof patched }).query = patched;
  });
  return pool;
}

/** Open a database connection according to the options. */
export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: withCopy(pool) }) });
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  const pglite = options.dataDir ? new PGlite(options.dataDir) : new PGlite();
  await pglite.waitReady;
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  const dumpDataDir = () =>
    db.connection().execute(async (conn) => {
      await sql`CHECKPOINT`.execute(conn);
      return Buffer.from(await (await pglite.dumpDataDir('gzip')).arrayBuffer());
    });
  return { db, engine: 'pglite', close: () => db.destroy(), dumpDataDir };
}
