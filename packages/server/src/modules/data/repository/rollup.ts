/**
 * Keeps agg_values, the table the indicator engine reads, exact at every write: for each
 * affected (element, period) slice, every unit's value is its own reported value when it has one,
 * otherwise the sum of its children's values, along the hierarchy valid at that period. It runs
 * inside the writing transaction, so a saved value is in every indicator when the write commits;
 * there is no analytics job to wait for.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/types';
import type { Slice, UnitChange } from '../keys';

/** Deepest level rank first: facility 5, street 4, district 3, city 2, province 1. */
const CHILD_RANKS = [5, 4, 3, 2, 1];

/** Above this many slices a roll-up is planned as a bulk operation. */
const BULK_SLICES = 64;

/**
 * Recompute the roll-up of the given slices. Call inside the write transaction.
 * Writers are serialised on agg_values so two imports cannot interleave their roll-ups.
 */
export async function rollupSlices(db: Kysely<DB>, slices: readonly Slice[]): Promise<void> {
  if (slices.length === 0) return;
  const elements = slices.map((s) => s.element);
  const periods = slices.map((s) => s.period);
  await sql`LOCK TABLE agg_values IN SHARE ROW EXCLUSIVE MODE`.execute(db);
  // A bulk import changes the tables within this transaction far beyond what the planner's
  // statistics know; refresh them and give the slices a real table, or it picks nested loops.
  const bulk = slices.length > BULK_SLICES;
  if (bulk) {
    await sql`SET LOCAL work_mem = '128MB'`.execute(db);
    await sql`CREATE TEMP TABLE IF NOT EXISTS rollup_slices (element text, period text) ON COMMIT DROP`.execute(
      db
    );
    await sql`TRUNCATE rollup_slices`.execute(db);
    await sql`INSERT INTO rollup_slices SELECT * FROM unnest(${elements}::text[], ${periods}::text[])`.execute(
      db
    );
    await sql`ANALYZE rollup_slices`.execute(db);
    await sql`ANALYZE data_values`.execute(db);
  }
  const selected = bulk
    ? sql`rollup_slices s`
    : sql`unnest(${elements}::text[], ${periods}::text[]) AS s(element, period)`;
  await sql`DELETE FROM agg_values a USING ${selected} WHERE a.element = s.element AND a.period = s.period`.execute(
    db
  );
  await sql`
    INSERT INTO agg_values (element, org_unit, period, period_start, value, n, own, synthetic_n)
    SELECT v.element, v.org_unit, v.period, min(v.period_start), sum(v.value), count(*)::int, true,
      (count(*) FILTER (WHERE v.synthetic))::int
    FROM data_values v JOIN ${selected} ON v.element = s.element AND v.period = s.period
    GROUP BY v.element, v.org_unit, v.period`.execute(db);
  for (const rank of CHILD_RANKS) {
    if (bulk) await sql`ANALYZE agg_values`.execute(db);
    // A unit's own value wins over the sum of its children (ON CONFLICT DO NOTHING keeps it).
    await sql`
      INSERT INTO agg_values (element, org_unit, period, period_start, value, n, own, synthetic_n)
      SELECT a.element, p.parent_code, a.period, a.period_start, sum(a.value), sum(a.n)::int, false, sum(a.synthetic_n)::int
      FROM agg_values a
      JOIN ${selected} ON a.element = s.element AND a.period = s.period
      JOIN data_elements de ON de.code = a.element AND de.aggregation_type <> 'NONE'
      JOIN org_units u ON u.code = a.org_unit AND u.level_rank = ${rank}
      JOIN org_unit_parents p ON p.code = a.org_unit
        AND p.valid_from <= a.period_start AND (p.valid_to IS NULL OR p.valid_to > a.period_start)
      GROUP BY a.element, p.parent_code, a.period, a.period_start
      ON CONFLICT (element, org_unit, period) DO NOTHING`.execute(db);
  }
}

/**
 * Roll up a few changed values by walking from each changed unit to the root, recomputing only
 * those units — the path a saved cell takes, so the indicators it feeds change in milliseconds
 * however large the rest of the slice is. Same rule as rollupSlices: own value first, else the
 * sum of the children valid at that period; statistics (NONE) never become sums.
 */
export async function rollupUnits(db: Kysely<DB>, changes: readonly UnitChange[]): Promise<void> {
  if (changes.length === 0) return;
  await sql`LOCK TABLE agg_values IN SHARE ROW EXCLUSIVE MODE`.execute(db);
  // Every unit on the way up, per slice; children are recomputed before their parents.
  const bySlice = new Map<string, { change: UnitChange; units: Map<string, number> }>();
  for (const c of changes) {
    const chain = await sql<{ code: string; rank: number }>`
      WITH RECURSIVE chain(code, depth) AS (
        SELECT ${c.orgUnit}::text, 0
        UNION ALL
        SELECT p.parent_code, chain.depth + 1 FROM chain
        JOIN org_unit_parents p ON p.code = chain.code
          AND p.valid_from <= ${c.periodStart}::date AND (p.valid_to IS NULL OR p.valid_to > ${c.periodStart}::date)
        WHERE chain.depth < 10
      ) SELECT chain.code, coalesce(u.level_rank, 5) AS rank FROM chain JOIN org_units u ON u.code = chain.code`.execute(
      db
    );
    const key = `${c.element}\u0000${c.period}`;
    const entry = bySlice.get(key) ?? { change: c, units: new Map<string, number>() };
    for (const r of chain.rows) entry.units.set(r.code, r.rank);
    bySlice.set(key, entry);
  }
  for (const { change, units } of bySlice.values()) {
    const aggregate =
      (
        await db
          .selectFrom('data_elements')
          .select('aggregation_type')
          .where('code', '=', change.element)
          .executeTakeFirst()
      )?.aggregation_type !== 'NONE';
    const ordered = [...units.entries()].sort((a, b) => b[1] - a[1]);
    for (const [code] of ordered) await recomputeUnit(db, change, code, aggregate);
  }
}

async function recomputeUnit(
  db: Kysely<DB>,
  c: UnitChange,
  code: string,
  fromChildren: boolean
): Promise<void> {
  const own = await sql<{ value: number | null; n: number; s: number }>`
    SELECT sum(value) AS value, count(*)::int AS n, (count(*) FILTER (WHERE synthetic))::int AS s
    FROM data_values WHERE element = ${c.element} AND org_unit = ${code} AND period = ${c.period}`.execute(
    db
  );
  let row = own.rows[0];
  let isOwn = true;
  if (!row || row.n === 0) {
    isOwn = false;
    row = fromChildren
      ? (
          await sql<{ value: number | null; n: number; s: number }>`
            SELECT sum(a.value) AS value, coalesce(sum(a.n), 0)::int AS n, coalesce(sum(a.synthetic_n), 0)::int AS s
            FROM agg_values a JOIN org_unit_parents p ON p.code = a.org_unit AND p.parent_code = ${code}
              AND p.valid_from <= ${c.periodStart}::date AND (p.valid_to IS NULL OR p.valid_to > ${c.periodStart}::date)
            WHERE a.element = ${c.element} AND a.period = ${c.period}`.execute(db)
        ).rows[0]
      : undefined;
  }
  if (!row || row.n === 0 || row.value === null) {
    await db
      .deleteFrom('agg_values')
      .where('element', '=', c.element)
      .where('org_unit', '=', code)
      .where('period', '=', c.period)
      .execute();
    return;
  }
  const values = { value: row.value, n: row.n, own: isOwn, synthetic_n: row.s };
  await db
    .insertInto('agg_values')
    .values({ element: c.element, org_unit: code, period: c.period, period_start: c.periodStart, ...values })
    .onConflict((oc) => oc.columns(['element', 'org_unit', 'period']).doUpdateSet(values))
    .execute();
}
