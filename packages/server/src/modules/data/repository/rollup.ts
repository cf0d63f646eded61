/**
 * Keeps agg_values, the table the indicator engine reads, exact at every write: for each
 * (element, period) slice, a unit's value is its own reported value when it has one, otherwise
 * the sum of its children's values, along the hierarchy valid at that period. Each row keeps both
 * parts (own_*, child_*); facility-level units keep no row (their values are data_values).
 * Everything runs inside the writing transaction, so a saved value is in every indicator when the
 * write commits; there is no analytics job to wait for.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/types';
import type { Slice } from '../keys';

/** Deepest level rank first: street 4, district 3, city 2, province 1 (facilities are rank 5). */
const PARENT_RANKS = [4, 3, 2, 1];

/** Above this many slices a roll-up is planned as a bulk operation. */
const BULK_SLICES = 64;

/** The effective figures from the two parts: the own part wins when there is one. */
const EFFECTIVE = sql`
    value = CASE WHEN a.own_n + excluded.own_n > 0 THEN a.own_value + excluded.own_value ELSE a.child_value + excluded.child_value END,
    n = CASE WHEN a.own_n + excluded.own_n > 0 THEN a.own_n + excluded.own_n ELSE a.child_n + excluded.child_n END,
    own = a.own_n + excluded.own_n > 0,
    synthetic_n = CASE WHEN a.own_n + excluded.own_n > 0 THEN a.own_syn + excluded.own_syn ELSE a.child_syn + excluded.child_syn END`;

/** Parts added to a row by an upsert (excluded.* holds the increments). */
const ADD_PARTS = sql`
    own_value = a.own_value + excluded.own_value, own_n = a.own_n + excluded.own_n, own_syn = a.own_syn + excluded.own_syn,
    child_value = a.child_value + excluded.child_value, child_n = a.child_n + excluded.child_n,
    child_syn = a.child_syn + excluded.child_syn`;

/**
 * Recompute the roll-up of whole slices set-wise (imports, unit moves, demo removal). Call inside
 * the write transaction. It takes a table lock that lets readers on but holds back other writers'
 * roll-ups for the few seconds it runs: a save waiting behind it adds its change on top of the
 * recount, which did not see that save's uncommitted value, so both end exact.
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
    await sql`SET LOCAL work_mem = '256MB'`.execute(db);
    // Whole slices are read whole: a nested loop over facilities, which the planner picks when it
    // underestimates how many there are, walks the primary key once per facility (measured: 27 s
    // of a 864,000-value import's roll-up against 2 s hashed).
    await sql`SET LOCAL enable_nestloop = off`.execute(db);
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
  // Own values of units above facility level.
  await sql`
    INSERT INTO agg_values (element, org_unit, period, period_start, value, n, own, synthetic_n, own_value, own_n, own_syn)
    SELECT v.element, v.org_unit, v.period, min(v.period_start), sum(v.value), count(*)::int, true,
      (count(*) FILTER (WHERE v.synthetic))::int, sum(v.value), count(*)::int, (count(*) FILTER (WHERE v.synthetic))::int
    FROM data_values v JOIN ${selected} ON v.element = s.element AND v.period = s.period
    JOIN org_units u ON u.code = v.org_unit AND coalesce(u.level_rank, 5) < 5
    GROUP BY v.element, v.org_unit, v.period`.execute(db);
  // Facilities' values into their parents, then level by level upwards.
  await sql`
    INSERT INTO agg_values AS a (element, org_unit, period, period_start, value, n, own, synthetic_n,
      own_value, own_n, own_syn, child_value, child_n, child_syn)
    SELECT v.element, p.parent_code, v.period, min(v.period_start), sum(v.value), count(*)::int, false,
      (count(*) FILTER (WHERE v.synthetic))::int, 0, 0, 0, sum(v.value), count(*)::int,
      (count(*) FILTER (WHERE v.synthetic))::int
    FROM data_values v JOIN ${selected} ON v.element = s.element AND v.period = s.period
    JOIN org_units u ON u.code = v.org_unit AND coalesce(u.level_rank, 5) = 5
    JOIN data_elements de ON de.code = v.element AND de.aggregation_type <> 'NONE'
    JOIN org_unit_parents p ON p.code = v.org_unit
      AND p.valid_from <= v.period_start AND (p.valid_to IS NULL OR p.valid_to > v.period_start)
    GROUP BY v.element, p.parent_code, v.period
    ON CONFLICT (element, org_unit, period) DO UPDATE SET ${ADD_PARTS}, ${EFFECTIVE}`.execute(db);
  for (const rank of PARENT_RANKS) {
    if (bulk) await sql`ANALYZE agg_values`.execute(db);
    await sql`
      INSERT INTO agg_values AS a (element, org_unit, period, period_start, value, n, own, synthetic_n,
        own_value, own_n, own_syn, child_value, child_n, child_syn)
      SELECT c.element, p.parent_code, c.period, c.period_start, sum(c.value), sum(c.n)::int, false,
        sum(c.synthetic_n)::int, 0, 0, 0, sum(c.value), sum(c.n)::int, sum(c.synthetic_n)::int
      FROM agg_values c
      JOIN ${selected} ON c.element = s.element AND c.period = s.period
      JOIN data_elements de ON de.code = c.element AND de.aggregation_type <> 'NONE'
      JOIN org_units u ON u.code = c.org_unit AND u.level_rank = ${rank}
      JOIN org_unit_parents p ON p.code = c.org_unit
        AND p.valid_from <= c.period_start AND (p.valid_to IS NULL OR p.valid_to > c.period_start)
      WHERE c.n > 0
      GROUP BY c.element, p.parent_code, c.period, c.period_start
      ON CONFLICT (element, org_unit, period) DO UPDATE SET ${ADD_PARTS}, ${EFFECTIVE}`.execute(db);
  }
}

/** A change of one unit's own values in one slice, or of the part its children add up to. */
export interface AggDelta {
  element: string;
  orgUnit: string;
  period: string;
  periodStart: string;
  /** Change of the sum, of the number of values and of the synthetic ones among them. */
  value: number;
  n: number;
  syn: number;
}

interface Pending extends AggDelta {
  part: 'own' | 'child';
}

interface Step {
  element: string;
  org_unit: string;
  period: string;
  period_start: string;
  d_value: number;
  d_n: number;
  d_syn: number;
  parent: string | null;
  parent_rank: number | null;
}

/**
 * Apply changes of units' own values to the roll-up by deltas: each affected row above facility
 * level gets the change added under its row lock, level by level from the bottom, and the change
 * of its effective value goes on to its parent (a unit with its own value stops it). Rows are
 * taken deepest level first and in key order within a level, so two writers lock in the same
 * order and do not deadlock; saves to different slices never meet, and saves to one slice wait
 * only for the rows they share, for the time of one statement and the commit.
 */
export async function rollupDeltas(db: Kysely<DB>, deltas: readonly AggDelta[]): Promise<void> {
  const nonzero = deltas.filter((d) => d.value !== 0 || d.n !== 0 || d.syn !== 0);
  if (nonzero.length === 0) return;
  // Rank of each changed unit and, for facilities, the parent the change goes on to.
  const first = await sql<Step & { rank: number }>`
    SELECT k.element, k.org_unit, k.period, k.period_start::text AS period_start, k.d_value, k.d_n, k.d_syn,
      coalesce(u.level_rank, 5) AS rank, p.parent_code AS parent, coalesce(pu.level_rank, 5) AS parent_rank
    FROM unnest(${nonzero.map((d) => d.element)}::text[], ${nonzero.map((d) => d.orgUnit)}::text[],
      ${nonzero.map((d) => d.period)}::text[], ${nonzero.map((d) => d.periodStart)}::date[],
      ${nonzero.map((d) => d.value)}::float8[], ${nonzero.map((d) => d.n)}::int[], ${nonzero.map((d) => d.syn)}::int[])
      AS k(element, org_unit, period, period_start, d_value, d_n, d_syn)
    JOIN org_units u ON u.code = k.org_unit
    LEFT JOIN data_elements de ON de.code = k.element AND de.aggregation_type <> 'NONE'
    LEFT JOIN org_unit_parents p ON de.code IS NOT NULL AND p.code = k.org_unit
      AND p.valid_from <= k.period_start AND (p.valid_to IS NULL OR p.valid_to > k.period_start)
    LEFT JOIN org_units pu ON pu.code = p.parent_code`.execute(db);
  const byRank = new Map<number, Pending[]>();
  const push = (rank: number, p: Pending): void => {
    const list = byRank.get(rank) ?? [];
    list.push(p);
    byRank.set(rank, list);
  };
  const forward = (s: Step): void => {
    if (s.parent === null || s.parent_rank === null) return;
    if (s.d_value === 0 && s.d_n === 0 && s.d_syn === 0) return;
    push(s.parent_rank, {
      element: s.element,
      orgUnit: s.parent,
      period: s.period,
      periodStart: s.period_start,
      value: s.d_value,
      n: s.d_n,
      syn: s.d_syn,
      part: 'child',
    });
  };
  for (const r of first.rows) {
    if (r.rank >= 5) forward(r);
    else {
      push(r.rank, {
        element: r.element,
        orgUnit: r.org_unit,
        period: r.period,
        periodStart: r.period_start,
        value: r.d_value,
        n: r.d_n,
        syn: r.d_syn,
        part: 'own',
      });
    }
  }
  for (let rank = 4; rank >= 0; rank--) {
    const pending = byRank.get(rank);
    if (!pending) continue;
    for (const step of await applyLevel(db, merge(pending))) forward(step);
  }
}

interface Merged {
  element: string;
  orgUnit: string;
  period: string;
  periodStart: string;
  ov: number;
  on: number;
  os: number;
  cv: number;
  cn: number;
  cs: number;
}

/** One row per unit and slice, in key order (the lock order). */
function merge(pending: readonly Pending[]): Merged[] {
  const m = new Map<string, Merged>();
  for (const p of pending) {
    const key = `${p.element}\u0000${p.orgUnit}\u0000${p.period}`;
    const row = m.get(key) ?? {
      element: p.element,
      orgUnit: p.orgUnit,
      period: p.period,
      periodStart: p.periodStart,
      ov: 0,
      on: 0,
      os: 0,
      cv: 0,
      cn: 0,
      cs: 0,
    };
    if (p.part === 'own') {
      row.ov += p.value;
      row.on += p.n;
      row.os += p.syn;
    } else {
      row.cv += p.value;
      row.cn += p.n;
      row.cs += p.syn;
    }
    m.set(key, row);
  }
  return [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, r]) => r);
}

/**
 * Add the parts to the rows of one level and return, per row, how its effective figures changed
 * and the parent (as of the period) that change goes on to. The row lock of ON CONFLICT DO
 * UPDATE makes the addition see the newest committed row, so concurrent writers' additions
 * serialise per row and their effective changes add up to the true one.
 */
async function applyLevel(db: Kysely<DB>, rows: readonly Merged[]): Promise<Step[]> {
  const col = <K extends keyof Merged>(k: K): Merged[K][] => rows.map((r) => r[k]);
  const r = await sql<Step>`
    WITH d AS (
      SELECT * FROM unnest(${col('element')}::text[], ${col('orgUnit')}::text[], ${col('period')}::text[],
        ${col('periodStart')}::date[], ${col('ov')}::float8[], ${col('on')}::int[], ${col('os')}::int[],
        ${col('cv')}::float8[], ${col('cn')}::int[], ${col('cs')}::int[])
        WITH ORDINALITY AS k(element, org_unit, period, period_start, ov, onn, os, cv, cn, cs, i)
    ), up AS (
      INSERT INTO agg_values AS a (element, org_unit, period, period_start, value, n, own, synthetic_n,
        own_value, own_n, own_syn, child_value, child_n, child_syn)
      SELECT element, org_unit, period, period_start,
        CASE WHEN onn > 0 THEN ov ELSE cv END, CASE WHEN onn > 0 THEN onn ELSE cn END, onn > 0,
        CASE WHEN onn > 0 THEN os ELSE cs END, ov, onn, os, cv, cn, cs
      FROM d ORDER BY i
      ON CONFLICT (element, org_unit, period) DO UPDATE SET ${ADD_PARTS}, ${EFFECTIVE}
      RETURNING a.element, a.org_unit, a.period, a.period_start, a.value, a.n, a.synthetic_n,
        a.own_value, a.own_n, a.own_syn, a.child_value, a.child_n, a.child_syn
    ), moved AS (
      -- The row before this statement is the row after it minus what was added.
      SELECT up.element, up.org_unit, up.period, up.period_start,
        up.value - CASE WHEN up.own_n - d.onn > 0 THEN up.own_value - d.ov ELSE up.child_value - d.cv END AS d_value,
        up.n - CASE WHEN up.own_n - d.onn > 0 THEN up.own_n - d.onn ELSE up.child_n - d.cn END AS d_n,
        up.synthetic_n - CASE WHEN up.own_n - d.onn > 0 THEN up.own_syn - d.os ELSE up.child_syn - d.cs END AS d_syn
      FROM up JOIN d ON d.element = up.element AND d.org_unit = up.org_unit AND d.period = up.period
    )
    SELECT m.element, m.org_unit, m.period, m.period_start::text AS period_start, m.d_value, m.d_n, m.d_syn,
      p.parent_code AS parent, coalesce(pu.level_rank, 5) AS parent_rank
    FROM moved m
    LEFT JOIN data_elements de ON de.code = m.element AND de.aggregation_type <> 'NONE'
    LEFT JOIN org_unit_parents p ON de.code IS NOT NULL AND p.code = m.org_unit
      AND p.valid_from <= m.period_start AND (p.valid_to IS NULL OR p.valid_to > m.period_start)
    LEFT JOIN org_units pu ON pu.code = p.parent_code`.execute(db);
  return r.rows;
}

/**
 * Recount every roll-up from the stored values by another route than the one writes take — each
 * value climbs its ancestors (as of its period) until a unit with its own value stops it — and
 * count the rows of agg_values that differ from it (value, count or presence).
 */
export async function recountDifferences(db: Kysely<DB>): Promise<{ rows: number; differences: number }> {
  const r = await sql<{ rows: number; differences: number }>`
    WITH RECURSIVE own AS (
      SELECT v.element, v.org_unit, v.period, min(v.period_start) AS period_start, sum(v.value) AS value,
        count(*)::int AS n, coalesce(u.level_rank, 5) < 5 AS above
      FROM data_values v JOIN org_units u ON u.code = v.org_unit
      GROUP BY v.element, v.org_unit, v.period, u.level_rank
    ), climb(element, org_unit, period, period_start, value, n) AS (
      SELECT o.element, p.parent_code, o.period, o.period_start, o.value, o.n
      FROM own o JOIN data_elements de ON de.code = o.element AND de.aggregation_type <> 'NONE'
      JOIN org_unit_parents p ON p.code = o.org_unit
        AND p.valid_from <= o.period_start AND (p.valid_to IS NULL OR p.valid_to > o.period_start)
      UNION ALL
      SELECT c.element, p.parent_code, c.period, c.period_start, c.value, c.n
      FROM climb c JOIN org_unit_parents p ON p.code = c.org_unit
        AND p.valid_from <= c.period_start AND (p.valid_to IS NULL OR p.valid_to > c.period_start)
      WHERE NOT EXISTS (SELECT 1 FROM data_values x WHERE x.element = c.element AND x.org_unit = c.org_unit AND x.period = c.period)
    ), expected AS (
      SELECT element, org_unit, period, value, n FROM own WHERE above
      UNION ALL
      SELECT c.element, c.org_unit, c.period, sum(c.value), sum(c.n)::int FROM climb c
      WHERE NOT EXISTS (SELECT 1 FROM data_values x WHERE x.element = c.element AND x.org_unit = c.org_unit AND x.period = c.period)
      GROUP BY c.element, c.org_unit, c.period
    ), actual AS (
      SELECT element, org_unit, period, value, n FROM agg_values WHERE n > 0
    )
    SELECT (SELECT count(*)::int FROM actual) AS rows, count(*)::int AS differences
    FROM expected e FULL JOIN actual a ON a.element = e.element AND a.org_unit = e.org_unit AND a.period = e.period
    WHERE e.n IS DISTINCT FROM a.n OR a.value IS NULL OR e.value IS NULL OR abs(e.value - a.value) > 1e-6 * greatest(1, abs(e.value))`.execute(
    db
  );
  return r.rows[0] ?? { rows: 0, differences: 0 };
}
