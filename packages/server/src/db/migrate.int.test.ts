import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './connection';
import { migrate, migrationFiles } from './migrate';
import { ENGINES, createTestDatabase } from '../test/db';
import { seedRegions } from '../modules/orgunits';

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

describe.each(ENGINES)('the roll-up layout of 014 on %s', (engine) => {
  it('rebuilds an old agg_values (facility copies, no parts) from the stored values', async () => {
    const database = await createTestDatabase(engine, { migrate: false });
    try {
      const before = migrationFiles().filter((f) => f < '014_a_agg_deltas.sql');
      await migrate(database.db, { only: before });
      await seedRegions(database.db);
      const db = database.db;
      await sql`INSERT INTO data_elements VALUES ('E1', '数据元', 'Element', 'integer', 'SUM', 'month', 'facility')`.execute(
        db
      );
      await sql`INSERT INTO org_units (code, name, level, parent_code, path, level_rank)
        VALUES ('UPS1', '街道', 'street', '440304', '/100000/440000/440300/440304/UPS1/', 4),
               ('UPF1', '机构一', 'facility', 'UPS1', '/100000/440000/440300/440304/UPS1/UPF1/', 5),
               ('UPF2', '机构二', 'facility', 'UPS1', '/100000/440000/440300/440304/UPS1/UPF2/', 5)`.execute(
        db
      );
      await sql`INSERT INTO org_unit_parents (code, parent_code) VALUES ('UPS1', '440304'), ('UPF1', 'UPS1'), ('UPF2', 'UPS1')`.execute(
        db
      );
      await sql`INSERT INTO data_values (element, org_unit, period, period_start, value, source, stored_by)
        VALUES ('E1', 'UPF1', '202401', '2024-01-01', 3, 'facility', 't'), ('E1', 'UPF2', '202401', '2024-01-01', 4, 'facility', 't')`.execute(
        db
      );
      // The old layout: a copy of each facility's value and a stale street sum.
      await sql`INSERT INTO agg_values (element, org_unit, period, period_start, value, n, own)
        VALUES ('E1', 'UPF1', '202401', '2024-01-01', 3, 1, true), ('E1', 'UPS1', '202401', '2024-01-01', 99, 1, false)`.execute(
        db
      );
      await migrate(db);
      const rows = await sql<{ org_unit: string; value: number; n: number; child_n: number }>`
        SELECT org_unit, value, n, child_n FROM agg_values WHERE element = 'E1' ORDER BY org_unit`.execute(
        db
      );
      // By hand: 3 + 4 at the street and every ancestor, no facility rows.
      expect(rows.rows.map((r) => [r.org_unit, r.value, r.n, r.child_n])).toEqual([
        ['100000', 7, 2, 2],
        ['440000', 7, 2, 2],
        ['440300', 7, 2, 2],
        ['440304', 7, 2, 2],
        ['UPS1', 7, 2, 2],
      ]);
    } finally {
      await database.close();
    }
  });
});
