import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../../bootstrap';
import type { Database } from '../../db/connection';
import { ENGINES, createTestDatabase } from '../../test/db';
import { createDistrict } from '../../test/fixtures';
import { SYSTEM_ACTOR } from '../audit/repository';
import { listSignals } from '../surveillance/signals';
import { removeDemo } from './remove';
import { generateSurveillanceDemo } from './surveillance';

describe.each(ENGINES)('surveillance demo on %s', (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await bootstrap(database.db);
  });
  afterAll(async () => {
    await database.close();
  });

  it('generates marked synthetic data whose outbreak the detection finds in several streams, and removes it', async () => {
    const d = await createDistrict(database.db);
    const r = await generateSurveillanceDemo(database.db, SYSTEM_ACTOR, {
      region: d.district,
      asOf: '2026-11-27',
      seed: 3,
      years: 3,
    });
    expect(r.cases).toBeGreaterThan(1000);
    const signals = await listSignals(database.db, d.district, {});
    const lead = signals.find((s) => s.unit_code === d.streets[0] && s.level === 'corroborated');
    expect(lead, JSON.stringify(signals.map((s) => [s.unit_code, s.topic, s.level]))).toBeDefined();
    expect(signals.every((s) => s.synthetic)).toBe(true);
    const unsynthetic = await database.db
      .selectFrom('case_reports')
      .select('id')
      .where('synthetic', '=', false)
      .where('residence_unit', 'in', d.streets)
      .execute();
    expect(unsynthetic).toHaveLength(0);
    await removeDemo(database.db, SYSTEM_ACTOR);
    expect(await listSignals(database.db, d.district, {})).toHaveLength(0);
    const left = await database.db
      .selectFrom('case_reports')
      .select('id')
      .where('residence_unit', 'in', d.streets)
      .execute();
    expect(left).toHaveLength(0);
  });
});
