/**
 * The bulk path on both engines, against the same hand-worked expectations as single saves
 * (国家基本公共卫生服务规范 第三版, hypertension): enrolled 1 April → 9 months under management →
 * 4 × 9 / 12 = 3 face-to-face follow-ups plus a complete health check make the year 规范管理.
 * Also: a bad row refuses the whole load naming its row and field and writes nothing; a second
 * load on top of single saves keeps the stored counts equal to the recount.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '@weijian/core';
import { bootstrap } from '../../bootstrap';
import type { Database } from '../../db/connection';
import type { DB } from '../../db/types';
import { ENGINES, createTestDatabase } from '../../test/db';
import { addFacilities, insertResident } from '../../test/residents-fixture';
import { bulkLoad, type BulkEventInput } from './bulk';
import { recordEvent } from './service';
import { verifyProgrammes } from './verify';

const DISTRICT = '440304';
const NOW = new Date('2026-06-01T08:00:00Z');
const ACTOR = { userId: null, name: 'bulk-test', at: NOW };

async function cell(
  db: Kysely<DB>,
  table: 'data_values' | 'agg_values',
  element: string,
  unit: string,
  period: string
) {
  const r = await db
    .selectFrom(table)
    .select('value')
    .where('element', '=', element)
    .where('org_unit', '=', unit)
    .where('period', '=', period)
    .executeTakeFirst();
  return r ? r.value : null;
}

const followUp = (
  row: number,
  residentId: number,
  date: string,
  sbp: number,
  dbp: number
): BulkEventInput => ({
  row,
  residentId,
  programme: 'HTN',
  type: 'follow-up',
  date,
  fields: { mode: 'clinic', sbp, dbp, classification: sbp < 140 && dbp < 90 ? 'controlled' : 'uncontrolled' },
});

describe.each(ENGINES)('programme bulk path on %s', (engine) => {
  let database: Database;
  let facilities: [string, string];

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await bootstrap(database.db);
    ({ facilities } = await addFacilities(database.db, DISTRICT, '971'));
  });
  afterAll(async () => {
    await database.close();
  });

  it('loads enrolments and visits for many residents: counts as hand-worked, rolled up, equal to the recount', async () => {
    const [f1, f2] = facilities;
    const a = await insertResident(database.db, { birthDate: '1960-03-15', homeUnit: DISTRICT });
    const b = await insertResident(database.db, { birthDate: '1958-07-01', homeUnit: DISTRICT });
    const c = await insertResident(database.db, { birthDate: '1975-01-01', homeUnit: DISTRICT, sex: 'F' });
    const r = await bulkLoad(
      database.db,
      ACTOR,
      {
        enrolments: [
          { row: 2, residentId: a, programme: 'HTN', start: '2025-04-01', facility: f1 },
          { row: 3, residentId: b, programme: 'HTN', start: '2025-04-01', facility: f1 },
          { row: 4, residentId: c, programme: 'HTN', start: '2025-01-10', facility: f2 },
        ],
        events: [
          // a: 3 follow-ups (latest 132/85, controlled) + check → to standard.
          followUp(5, a, '2025-04-10', 150, 85),
          followUp(6, a, '2025-07-10', 135, 85),
          followUp(7, a, '2025-10-10', 132, 85),
          {
            row: 8,
            residentId: a,
            programme: 'HTN',
            type: 'health-check',
            date: '2025-05-01',
            fields: { complete: true },
          },
          // b: 2 follow-ups + check → managed, not to standard; latest 128/80 → controlled.
          followUp(9, b, '2025-05-10', 145, 92),
          followUp(10, b, '2025-08-10', 128, 80),
          {
            row: 11,
            residentId: b,
            programme: 'HTN',
            type: 'health-check',
            date: '2025-06-01',
            fields: { complete: true },
          },
          // c: 12 months needs 4; 4 follow-ups but no health check → not to standard; latest 150/95.
          followUp(12, c, '2025-02-10', 138, 85),
          followUp(13, c, '2025-05-10', 136, 84),
          followUp(14, c, '2025-08-10', 139, 86),
          followUp(15, c, '2025-11-10', 150, 95),
        ],
      },
      { scope: null, source: 'test', batch: 2 }
    );
    expect(r).toMatchObject({ dryRun: false, residents: 3, enrolments: 3, events: 11 });
    const db = database.db;
    expect(await cell(db, 'data_values', 'HTN_MANAGED', f1, '2025')).toBe(2);
    expect(await cell(db, 'data_values', 'HTN_STD_MANAGED', f1, '2025')).toBe(1);
    expect(await cell(db, 'data_values', 'HTN_CONTROLLED', f1, '2025')).toBe(2);
    expect(await cell(db, 'data_values', 'HTN_MANAGED', f2, '2025')).toBe(1);
    expect(await cell(db, 'data_values', 'HTN_STD_MANAGED', f2, '2025')).toBeNull();
    expect(await cell(db, 'data_values', 'HTN_CONTROLLED', f2, '2025')).toBeNull();
    expect(await cell(db, 'agg_values', 'HTN_MANAGED', DISTRICT, '2025')).toBe(3);
    // 2026 so far: all three under management, none to standard yet.
    expect(await cell(db, 'agg_values', 'HTN_MANAGED', DISTRICT, '2026')).toBe(3);
    // a's last follow-up was controlled on 10 Oct 2025: due 90 days later, 8 Jan 2026.
    const due = await db
      .selectFrom('programme_due')
      .select(['owner_unit'])
      .where('resident_id', '=', a)
      .where('due_date', '=', '2026-01-08')
      .executeTakeFirstOrThrow();
    expect(due.owner_unit).toBe(f1);
    const audit = await db
      .selectFrom('audit_log')
      .select('entity_id')
      .where('action', '=', 'programme.bulk')
      .execute();
    expect(audit.map((x) => Number(x.entity_id)).sort((x, y) => x - y)).toEqual([a, b, c]);
    expect((await verifyProgrammes(db, NOW)).differences).toEqual([]);

    // A single save on top: b's third follow-up makes 2025 to standard; still equal to the recount.
    await recordEvent(db, ACTOR, DISTRICT, b, {
      programme: 'HTN',
      type: 'follow-up',
      date: '2025-11-10',
      fields: { mode: 'home', sbp: 130, dbp: 80, classification: 'controlled' },
    });
    expect(await cell(db, 'data_values', 'HTN_STD_MANAGED', f1, '2025')).toBe(2);
    // And a second bulk load on top of that: c's health check.
    await bulkLoad(
      db,
      ACTOR,
      {
        enrolments: [],
        events: [
          {
            row: 2,
            residentId: c,
            programme: 'HTN',
            type: 'health-check',
            date: '2025-12-01',
            fields: { complete: true },
          },
        ],
      },
      { scope: DISTRICT, source: 'test' }
    );
    expect(await cell(db, 'data_values', 'HTN_STD_MANAGED', f2, '2025')).toBe(1);
    expect(await cell(db, 'agg_values', 'HTN_STD_MANAGED', DISTRICT, '2025')).toBe(3);
    expect((await verifyProgrammes(db, NOW)).equal).toBe(true);
  });

  it('refuses a load with a bad row, naming row and field, and writes nothing; a dry run writes nothing', async () => {
    const [f1] = facilities;
    const a = await insertResident(database.db, { birthDate: '1962-02-02', homeUnit: DISTRICT });
    const young = await insertResident(database.db, { birthDate: '2000-01-01', homeUnit: DISTRICT });
    const count = async () =>
      Number(
        (
          await database.db
            .selectFrom('programme_events')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n
      );
    const before = await count();
    const input = {
      enrolments: [
        { row: 2, residentId: a, programme: 'HTN', start: '2025-03-01', facility: f1 },
        { row: 3, residentId: young, programme: 'HTN', start: '2025-03-01', facility: f1 },
      ],
      events: [
        followUp(4, a, '2025-04-01', 130, 80),
        followUp(5, a, '2025-05-01', 400, 80),
        followUp(6, a, '2025-02-01', 130, 80),
        followUp(7, a, '2026-07-01', 130, 80),
        followUp(8, 99_999_999, '2025-04-01', 130, 80),
      ],
    };
    const err = await bulkLoad(database.db, ACTOR, input, { scope: null, source: 'test' }).catch(
      (e: unknown) => e
    );
    expect(isAppError(err)).toBe(true);
    if (!isAppError(err)) return;
    expect(err.code).toBe('VALIDATION_FAILED');
    const found = err.issues.map((i) => [i.row, i.field]);
    expect(found).toEqual([
      [3, 'programme'], // 25 on 1 March 2025: under 35
      [5, 'fields.sbp'], // 400 mmHg is above the plausible range
      [6, 'date'], // before the enrolment
      [7, 'date'], // after today (1 June 2026)
      [8, 'residentId'],
    ]);
    expect(await count()).toBe(before);
    const dry = await bulkLoad(
      database.db,
      ACTOR,
      { enrolments: input.enrolments.slice(0, 1), events: input.events.slice(0, 1) },
      { scope: null, source: 'test', dryRun: true }
    );
    expect(dry).toMatchObject({ dryRun: true, enrolments: 1, events: 1 });
    expect(await count()).toBe(before);
  });
});
