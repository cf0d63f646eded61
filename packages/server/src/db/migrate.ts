/**
 * Applies the numbered SQL files in migrations/ that have not run yet, each in its own
 * transaction, and records them in schema_migrations. The files are idempotent as well, so a
 * half-applied database from an older build is repaired rather than broken. Several nodes starting
 * together on one PostgreSQL take turns on an advisory lock (one per schema): the first applies
 * the files, the others then find nothing left to do.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { repoPath } from '../paths';
import type { DB } from './types';

// From the repository root, not this file: the command runs bundled from packages/server/dist.
const DIR = repoPath('packages/server/src/db/migrations');

/** The migration files in order. */
export function migrationFiles(): string[] {
  return readdirSync(DIR)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
}

/**
 * Run pending migrations (`only`: just these, as when restoring a backup made by an older build,
 * whose data the later migrations then bring up to date).
 * @returns the names of the migrations applied by this call
 */
export async function migrate(db: Kysely<DB>, options: { only?: readonly string[] } = {}): Promise<string[]> {
  // A session-level lock lives on one connection, so everything runs on the one that holds it.
  return db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(hashtext('weijian.migrate.' || current_schema()))`.execute(conn);
    try {
      return await applyPending(conn, options);
    } finally {
      await sql`SELECT pg_advisory_unlock(hashtext('weijian.migrate.' || current_schema()))`.execute(conn);
    }
  });
}

async function applyPending(db: Kysely<DB>, options: { only?: readonly string[] }): Promise<string[]> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  const done = new Set(
    (await db.selectFrom('schema_migrations').select('name').execute()).map((r) => r.name)
  );
  const applied: string[] = [];
  for (const file of migrationFiles()) {
    if (done.has(file) || (options.only && !options.only.includes(file))) continue;
    const text = readFileSync(join(DIR, file), 'utf8');
    await db.transaction().execute(async (tx) => {
      await sql.raw(text).execute(tx);
      await tx.insertInto('schema_migrations').values({ name: file }).execute();
    });
    applied.push(file);
  }
  return applied;
}
