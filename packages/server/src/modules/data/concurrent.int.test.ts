import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../../bootstrap';
import type { Database } from '../../db/connection';
import { ENGINES, createTestDatabase } from '../../test/db';
import { createDistrict } from '../../test/fixtures';
import { catalogue } from '../catalogue';
import { recountDifferences } from './aggregates';
import { applyDeltas, writeValues } from './service';

// Saves that run at the same time (on PostgreSQL truly in parallel, over several connections) must
// end as if they had run one after another: the right totals in every ancestor and an audit trail
// in which each change starts from the value the previous one left.
describe.each(ENGINES)('concurrent saves on %s', (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await bootstrap(database.db);
  });
  afterAll(async () => {
    await database.close();
  });

  const aggregate = async (element: string, orgUnit: string, period: string) =>
    (await database.db
      .selectFrom('agg_values')
      .select(['value', 'n'])
      .where('element', '=', element)
      .where('org_unit', '=', orgUnit)
      .where('period', '=', period)
      .executeTakeFirst()) ?? null;

  it('adds up concurrent saves to one cell and to its siblings, with an unbroken audit chain', async () => {
    const f = await createDistrict(database.db);
    const cat = catalogue();
    const save = (orgUnit: string, value: number | null) =>
      writeValues(
        database.db,
        cat,
        { actor: `clerk-${orgUnit}-${String(value)}`, scope: null },
        [[{ row: 1, element: 'LIVE_BIRTHS', orgUnit, period: '202405', value }]],
        { dryRun: false, source: 'facility' }
      );
    const counted = (n: number) =>
      database.db.transaction().execute((tx) =>
        applyDeltas(tx, { actor: 'programmes', at: new Date('2024-05-20T00:00:00Z') }, [
          {
            element: 'HTN_MANAGED',
            orgUnit: f.facilities.station,
            period: '2024',
            delta: n,
            synthetic: false,
          },
        ])
      );
    // 30 saves of the same cell (values 1..30), 20 of the hospital (100..119), 25 record counts of
    // +1 and 5 of −1 on the station, all started together.
    await Promise.all([
      ...Array.from({ length: 30 }, (_, i) => save(f.facilities.chc, i + 1)),
      ...Array.from({ length: 20 }, (_, i) => save(f.facilities.hosp, 100 + i)),
      ...Array.from({ length: 25 }, () => counted(1)),
    ]);
    await Promise.all(Array.from({ length: 5 }, () => counted(-1)));

    const trail = await database.db
      .selectFrom('data_value_audit')
      .select(['org_unit', 'element', 'old_value', 'new_value'])
      .where('org_unit', 'in', Object.values(f.facilities))
      .orderBy('id')
      .execute();
    const stored = await database.db
      .selectFrom('data_values')
      .select(['org_unit', 'element', 'value'])
      .where('org_unit', 'in', Object.values(f.facilities))
      .execute();
    // Each cell's trail is a chain: every old value is the previous new value, the last new value
    // is what is stored.
    for (const cell of stored) {
      const chain = trail.filter((t) => t.org_unit === cell.org_unit && t.element === cell.element);
      expect(chain[0]?.old_value).toBeNull();
      for (let i = 1; i < chain.length; i++) expect(chain[i]?.old_value).toBe(chain[i - 1]?.new_value);
      expect(chain.at(-1)?.new_value).toBe(cell.value);
    }
    const chc = stored.find((s) => s.org_unit === f.facilities.chc)?.value ?? NaN;
    const hosp = stored.find((s) => s.org_unit === f.facilities.hosp)?.value ?? NaN;
    // Every one of the 30 (and 20) saves changed the value, so each left one audit row.
    expect(trail.filter((t) => t.org_unit === f.facilities.chc)).toHaveLength(30);
    expect(trail.filter((t) => t.org_unit === f.facilities.hosp)).toHaveLength(20);
    expect(chc).toBeGreaterThanOrEqual(1);
    expect(chc).toBeLessThanOrEqual(30);
    expect(hosp).toBeGreaterThanOrEqual(100);
    // By hand: 25 entered and 5 left.
    expect(stored.find((s) => s.org_unit === f.facilities.station)?.value).toBe(20);
    expect(trail.filter((t) => t.org_unit === f.facilities.station)).toHaveLength(30);

    // The ancestors hold the sum of what is stored, whichever save came last.
    expect(await aggregate('LIVE_BIRTHS', f.streets[0], '202405')).toEqual({ value: chc + hosp, n: 2 });
    expect(await aggregate('LIVE_BIRTHS', f.district, '202405')).toEqual({ value: chc + hosp, n: 2 });
    expect(await aggregate('HTN_MANAGED', f.streets[1], '2024')).toEqual({ value: 20, n: 1 });
    expect(await aggregate('HTN_MANAGED', f.district, '2024')).toEqual({ value: 20, n: 1 });
    const city = await aggregate('LIVE_BIRTHS', '440300', '202405');
    expect(city?.value).toBeGreaterThanOrEqual(chc + hosp);
    // And a full recount by another route finds every roll-up exact.
    expect((await recountDifferences(database.db)).differences).toBe(0);
  });

  it('keeps a unit’s own value ahead of its children’s sum while both change at once', async () => {
    const f = await createDistrict(database.db);
    const cat = catalogue();
    const save = (orgUnit: string, value: number | null) =>
      writeValues(
        database.db,
        cat,
        { actor: 'statistician', scope: null },
        [[{ row: 1, element: 'LIVE_BIRTHS', orgUnit, period: '202406', value }]],
        { dryRun: false, source: 'facility' }
      );
    await Promise.all([save(f.facilities.chc, 10), save(f.streets[0], 500), save(f.facilities.station, 7)]);
    // Street 1 reports its own 500 (wins over its child's 10); the district adds 500 + 7.
    expect(await aggregate('LIVE_BIRTHS', f.streets[0], '202406')).toEqual({ value: 500, n: 1 });
    expect(await aggregate('LIVE_BIRTHS', f.district, '202406')).toEqual({ value: 507, n: 2 });
    // The street's own value goes and its child's sum shows again, while the station changes.
    await Promise.all([save(f.streets[0], null), save(f.facilities.station, 8), save(f.facilities.hosp, 3)]);
    expect(await aggregate('LIVE_BIRTHS', f.streets[0], '202406')).toEqual({ value: 13, n: 2 });
    expect(await aggregate('LIVE_BIRTHS', f.district, '202406')).toEqual({ value: 21, n: 3 });
    expect((await recountDifferences(database.db)).differences).toBe(0);
  });
});
