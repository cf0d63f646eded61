import { AppError } from '@weijian/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../../bootstrap';
import type { Database } from '../../db/connection';
import { ENGINES, createTestDatabase } from '../../test/db';
import { createDistrict } from '../../test/fixtures';
import { catalogue } from '../catalogue';
import { recountDifferences } from './aggregates';
import type { ValueInput } from './prepare';
import { writeValues } from './service';

// A file large enough to take the staged, set-wise path (more than 200 values in its first chunk).
describe.each(ENGINES)('large writes through the staging table on %s', (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await bootstrap(database.db);
  });
  afterAll(async () => {
    await database.close();
  });

  it('imports all or nothing, audits every change, and the same file twice changes nothing', async () => {
    const f = await createDistrict(database.db);
    const cat = catalogue();
    const months = Array.from(
      { length: 72 },
      (_, i) => `${2019 + Math.floor(i / 12)}${String((i % 12) + 1).padStart(2, '0')}`
    );
    const inputs: ValueInput[] = [];
    let expected2024 = 0;
    for (const [u, unit] of Object.values(f.facilities).entries()) {
      for (const [m, period] of months.entries()) {
        const value = (u + 1) * 100 + m;
        inputs.push({ row: inputs.length + 2, element: 'LIVE_BIRTHS', orgUnit: unit, period, value });
        if (period.startsWith('2024')) expected2024 += value;
      }
    }
    const write = (rows: ValueInput[], dryRun: boolean) =>
      writeValues(database.db, cat, { actor: 'statistician', scope: f.district }, [rows], {
        dryRun,
        source: 'statistics-bureau',
      });
    const audits = async () =>
      (
        await database.db
          .selectFrom('data_value_audit')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('org_unit', 'in', Object.values(f.facilities))
          .executeTakeFirstOrThrow()
      ).n;
    const districtYear = async () =>
      (
        await database.db
          .selectFrom('agg_values')
          .select((eb) => eb.fn.sum<number>('value').as('v'))
          .where('org_unit', '=', f.district)
          .where('element', '=', 'LIVE_BIRTHS')
          .where('period', 'like', '2024%')
          .executeTakeFirstOrThrow()
      ).v;

    // A bad row anywhere: the error names it, nothing is written.
    const bad = inputs.map((x, i) => (i === 150 ? { ...x, value: 'abc' } : x));
    const err = await write(bad, false).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).issues).toMatchObject([{ row: 152, field: 'value' }]);
    expect(Number(await audits())).toBe(0);

    const dry = await write(inputs, true);
    expect(dry).toMatchObject({ dryRun: true, rows: 216, created: 216, updated: 0, unchanged: 0 });
    expect(dry.changes[0]).toMatchObject({ row: 2, old: null, new: 100, action: 'create' });
    expect(Number(await audits())).toBe(0);

    expect(await write(inputs, false)).toMatchObject({ created: 216, updated: 0, deleted: 0 });
    expect(Number(await audits())).toBe(216);
    // By hand: the three facilities' 2024 months, (u+1)·100 + m for m = 60…71.
    expect(await districtYear()).toBe(expected2024);

    expect(await write(inputs, false)).toMatchObject({ created: 0, updated: 0, deleted: 0, unchanged: 216 });
    expect(Number(await audits())).toBe(216);

    // Ten values change and five are emptied.
    const changed = inputs.map((x, i) =>
      i >= 60 && i < 70 ? { ...x, value: 1 } : i >= 70 && i < 75 ? { ...x, value: null } : x
    );
    const r = await write(changed, false);
    expect(r).toMatchObject({ created: 0, updated: 10, deleted: 5, unchanged: 201 });
    expect(r.changes.find((c) => c.row === 72)).toMatchObject({ old: 170, new: null, action: 'delete' });
    expect(Number(await audits())).toBe(231);
    // By hand: the first facility's twelve 2024 values (160 … 171) become ten 1s and two blanks;
    // the other three blanks are the second facility's 2019 months.
    expect(await districtYear()).toBe(expected2024 - (160 + 171) * 6 + 10);
    expect((await recountDifferences(database.db)).differences).toBe(0);
  });
});
