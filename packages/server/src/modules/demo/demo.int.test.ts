import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../../bootstrap';
import type { Database } from '../../db/connection';
import { repoPath } from '../../paths';
import { ENGINES, createTestDatabase } from '../../test/db';
import { queryAnalytics } from '../analytics';
import { catalogue } from '../catalogue';
import { evaluatePlan } from '../evaluation';
import { readPlanDirectory } from '../plans';
import { distribute, generateDemo } from './generate';
import { removeDemo } from './remove';

const actor = { userId: null, name: 'demo' };
const plans = readPlanDirectory(repoPath('plans'));
const options = {
  seed: 7,
  scale: 'district' as const,
  fromYear: 2019,
  toYear: 2020,
  regions: ['440304', '350100'],
};

describe('distribute', () => {
  it('keeps the rounded total exactly when splitting counts', () => {
    const parts = distribute(10.76, [1, 2, 3, 4, 5, 6, 7], true);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(11);
    expect(parts.every((p) => Number.isInteger(p))).toBe(true);
  });
});

describe.each(ENGINES)('synthetic demo data on %s', (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await bootstrap(database.db);
  });
  afterAll(async () => {
    await database.close();
  });

  const indicator = async (dx: string, ou: string, pe: string) =>
    (
      await queryAnalytics(database.db, catalogue(), '100000', {
        dx: [dx],
        pe: [pe],
        ou: [ou],
        includeNumDen: true,
      })
    ).rows[0];
  const checksum = async (): Promise<string> =>
    (
      await sql<{
        c: string;
      }>`SELECT md5(string_agg(element || org_unit || period || value::text, ',' ORDER BY element, org_unit, period)) AS c FROM data_values WHERE synthetic`.execute(
        database.db
      )
    ).rows[0]?.c ?? '';

  it('reproduces the values the plans state for their base year, marked synthetic', async () => {
    const r = await generateDemo(database.db, catalogue(), plans, actor, options);
    expect(r.values).toBeGreaterThan(1000);
    const beds = await indicator('BEDS_PER_1000', '350100', '2020');
    expect(beds?.value).toBeCloseTo(5.2, 2);
    expect(beds?.synthetic).toBe(true);
    expect((await indicator('PHYSICIANS_PER_1000', '350100', '2020'))?.value).toBeCloseTo(3.22, 2);
    expect((await indicator('HTN_STD_MANAGEMENT', '350100', '2020'))?.value).toBeCloseTo(75.07, 1);
    expect((await indicator('IMR', '440304', '2020'))?.value).toBeCloseTo(0.73, 1);
    expect((await indicator('GP_PER_10K', '440304', '2020'))?.value).toBeCloseTo(5.22, 2);
    // A life expectancy is a reported statistic, not a sum of facilities.
    expect((await indicator('LIFE_EXPECTANCY', '350100', '2020'))?.value).toBeCloseTo(79.49, 2);
  });

  it('is deterministic for a seed and removable in one step', async () => {
    const first = await checksum();
    const removed = await removeDemo(database.db, actor);
    expect(removed.values).toBeGreaterThan(1000);
    expect((await indicator('BEDS_PER_1000', '350100', '2020'))?.value).toBeNull();
    const left = await sql<{ n: number }>`SELECT count(*)::int AS n FROM org_units WHERE synthetic`.execute(
      database.db
    );
    expect(left.rows[0]?.n).toBe(0);
    await generateDemo(database.db, catalogue(), plans, actor, options);
    expect(await checksum()).toBe(first);
  });

  it('gives every catalogue row of a plan data from its base year on, moving so that every status shows', async () => {
    await generateDemo(database.db, catalogue(), plans, actor, {
      ...options,
      toYear: 2023,
      regions: ['440304'],
    });
    const seen = new Set<string>();
    for (let year = 2020; year <= 2023; year++) {
      const e = await evaluatePlan(database.db, catalogue(), '100000', 'futian-2021', year);
      for (const r of e.rows.filter((x) => x.indicator !== null)) {
        expect(r.actual, `${r.key} ${year}`).not.toBeNull();
        seen.add(r.status);
      }
    }
    for (const status of ['achieved', 'on_schedule', 'behind', 'deteriorating', 'within_ceiling']) {
      expect(seen, status).toContain(status);
    }
  });
});
