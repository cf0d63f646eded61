import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../../bootstrap';
import type { Database } from '../../db/connection';
import { ENGINES, createTestDatabase } from '../../test/db';
import { createDistrict } from '../../test/fixtures';
import { SYSTEM_ACTOR } from '../audit';
import { listSignals } from '../surveillance';
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
    const lead = signals.find((s) => s.unitCode === d.streets[0] && s.level === 'corroborated');
    expect(lead, JSON.stringify(signals.map((s) => [s.unitCode, s.topic, s.level]))).toBeDefined();
    // Several kinds of signal, from several streets, on cases from several reporting units.
    const seen = JSON.stringify(signals.map((s) => [s.unitCode, s.topic, s.level, s.algorithm]));
    expect(
      signals.find((s) => s.topic === 'cholera' && s.algorithm === 'single-case'),
      seen
    ).toMatchObject({
      unitCode: d.streets[1],
    });
    expect(
      signals.find((s) => s.topic === 'hfmd' && s.unitCode === d.streets[1]),
      seen
    ).toBeDefined();
    expect(new Set(signals.map((s) => s.unitCode)).size).toBeGreaterThanOrEqual(2);
    expect(new Set(signals.map((s) => s.level)).size).toBeGreaterThanOrEqual(2);
    const reporters = await database.db
      .selectFrom('case_reports')
      .select('reporting_unit')
      .distinct()
      .where('residence_unit', 'in', d.streets)
      .execute();
    expect(reporters.length).toBeGreaterThanOrEqual(2);
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
