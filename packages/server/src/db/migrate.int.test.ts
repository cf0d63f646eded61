import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './connection';
import { migrate, migrationFiles } from './migrate';
import { ENGINES, createTestDatabase } from '../test/db';

describe.each(ENGINES)('migrations on %s', (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await database.close();
  });

  it('applies nothing the second time', async () => {
    expect(await migrate(database.db)).toEqual([]);
    const rows = await database.db.selectFrom('schema_migrations').select('name').execute();
    expect(rows.map((r) => r.name)).toEqual(migrationFiles());
  });

  it('applies each migration once when several nodes start together', async () => {
    const fresh = await createTestDatabase(engine, { migrate: false });
    try {
      const runs = await Promise.all([migrate(fresh.db), migrate(fresh.db), migrate(fresh.db)]);
      // Between them the three runs applied every file exactly once.
      expect(runs.flat().sort()).toEqual(migrationFiles());
      const rows = await fresh.db.selectFrom('schema_migrations').select('name').execute();
      expect(rows).toHaveLength(migrationFiles().length);
    } finally {
      await fresh.close();
    }
  });

  it('creates every table the code queries', async () => {
    for (const table of [
      'org_units',
      'users',
      'sessions',
      'audit_log',
      'plans',
      'plan_versions',
      'plan_rows',
      'plan_targets',
      'plan_projects',
    ]) {
      const result = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(
        database.db
      );
      expect(result.rows[0]?.n, table).toBeGreaterThanOrEqual(0);
    }
  });

  it('re-running a migration file itself is harmless', async () => {
    for (const file of migrationFiles()) {
      const text = readFileSync(join(import.meta.dirname, 'migrations', file), 'utf8');
      await sql.raw(text).execute(database.db);
    }
    const n = await database.db
      .selectFrom('org_units')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(31);
  });
});
