/**
 * `demo residents` on both engines: a small synthetic population loaded into a region's demo
 * facilities through the residents import and the programmes bulk path. Checked against outside
 * truths: the core generator's own population (same seed → the same people and visits, counted
 * here independently), the recount (`verify` finds the stored counts exact), identifiers stored
 * only sealed, everything marked synthetic, and `demo remove` leaving no resident behind.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticPopulation } from '@weijian/core';
import { bootstrap } from '../../bootstrap';
import type { Database } from '../../db/connection';
import { repoPath } from '../../paths';
import { testCipher } from '../../test/app';
import { ENGINES, createTestDatabase } from '../../test/db';
import { catalogue } from '../catalogue';
import { findUnits } from '../orgunits';
import { readPlanDirectory } from '../plans';
import { verifyProgrammes } from '../programmes';
import { generateDemo } from './generate';
import { removeDemo } from './remove';
import { generateDemoResidents } from './residents';

const NOW = new Date('2026-06-01T04:00:00Z');
const actor = { userId: null, name: 'demo', at: NOW };
const REGION = '440304';

describe.each(ENGINES)('synthetic residents on %s', (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await bootstrap(database.db);
    await generateDemo(database.db, catalogue(), readPlanDirectory(repoPath('plans')), actor, {
      seed: 3,
      scale: 'district',
      fromYear: 2024,
      toYear: 2025,
      regions: [REGION],
    });
  });
  afterAll(async () => {
    await database.close();
  });

  it('loads the seeded population, sealed and synthetic, with counts equal to the recount; remove takes it away', async () => {
    const db = database.db;
    const ctx = { db, catalogue: catalogue(), now: () => NOW, fieldCipher: testCipher() };
    const r = await generateDemoResidents(ctx, actor, {
      region: REGION,
      residents: 400,
      seed: 5,
      chunk: 150,
    });
    // The same population, straight from the core generator.
    const facilities = await findUnits(db, {
      below: [REGION],
      levels: ['facility'],
      facilityTypes: ['社区卫生服务中心', '社区卫生服务站'],
      synthetic: true,
      orderBy: 'code',
    });
    const expected = [
      ...syntheticPopulation({
        seed: 5,
        residents: 400,
        places: facilities.map((f) => ({ homeUnit: f.parentCode ?? '', facility: f.code })),
        asOf: '2026-06-01',
        years: 3,
        idRegion: REGION,
      }),
    ];
    expect(r.residents).toBe(400);
    expect(r.enrolments).toBe(expected.reduce((n, h) => n + h.enrolments.length, 0));
    expect(r.events).toBe(expected.reduce((n, h) => n + h.events.length, 0));
    expect(r.events).toBeGreaterThan(0);

    const counts = (
      await sql<{ residents: number; real: number; clear: number }>`
        SELECT (SELECT count(*)::int FROM residents) AS residents,
               (SELECT count(*)::int FROM residents WHERE NOT synthetic) AS real,
               (SELECT count(*)::int FROM resident_identifiers WHERE value_sealed LIKE ${`%${expected[0]?.person.idNumber ?? 'x'}%`}) AS clear`.execute(
        db
      )
    ).rows[0];
    expect(counts).toEqual({ residents: 400, real: 0, clear: 0 });
    const realValues = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM data_values WHERE source = 'registry' AND NOT synthetic`.execute(db);
    expect(realValues.rows[0]?.n).toBe(0);
    expect((await verifyProgrammes(db, NOW)).differences).toEqual([]);

    const removed = await removeDemo(db, actor);
    expect(removed.residents).toBe(400);
    const left = await sql<{ n: number }>`
      SELECT (SELECT count(*) FROM residents)::int + (SELECT count(*) FROM programme_events)::int AS n`.execute(
      db
    );
    expect(left.rows[0]?.n).toBe(0);
  });
});
