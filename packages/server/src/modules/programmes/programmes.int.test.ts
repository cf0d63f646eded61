/**
 * Programme saves over HTTP on both engines, against hand-worked expectations from the national
 * standard (国家基本公共卫生服务规范 第三版, hypertension): a patient enrolled on 1 April has 9
 * months under management, so 4 × 9 / 12 = 3 face-to-face follow-ups plus a complete health check
 * make the year 规范管理; the counts appear in data_values (source registry) and roll up to the
 * district inside the save's transaction.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../../bootstrap';
import type { Database } from '../../db/connection';
import type { DB } from '../../db/types';
import { createTestApp, signIn } from '../../test/app';
import { ENGINES, createTestDatabase } from '../../test/db';
import { addFacilities, insertResident } from '../../test/residents-fixture';

const DISTRICT = '440304';

async function value(db: Kysely<DB>, element: string, unit: string, period: string): Promise<number | null> {
  const r = await db
    .selectFrom('data_values')
    .select(['value', 'source'])
    .where('element', '=', element)
    .where('org_unit', '=', unit)
    .where('period', '=', period)
    .executeTakeFirst();
  if (r) expect(r.source).toBe('registry');
  return r ? r.value : null;
}

async function rolled(db: Kysely<DB>, element: string, unit: string, period: string): Promise<number | null> {
  const r = await db
    .selectFrom('agg_values')
    .select('value')
    .where('element', '=', element)
    .where('org_unit', '=', unit)
    .where('period', '=', period)
    .executeTakeFirst();
  return r ? r.value : null;
}

const followUp = (date: string, sbp: number, dbp: number) => ({
  programme: 'HTN',
  type: 'follow-up',
  date,
  fields: { mode: 'clinic', sbp, dbp, classification: sbp < 140 && dbp < 90 ? 'controlled' : 'uncontrolled' },
});

describe.each(ENGINES)('programme saves on %s', (engine) => {
  let database: Database;
  let app: FastifyInstance;
  let cookie: string;
  let viewer: string;
  let facilities: [string, string];

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await bootstrap(database.db);
    ({ app } = await createTestApp(database.db)); // clock: 2026-06-01
    ({ facilities } = await addFacilities(database.db, DISTRICT, '981'));
    cookie = (await signIn(database.db, app, 'doctor', DISTRICT)).cookie;
    viewer = (await signIn(database.db, app, 'viewer', DISTRICT)).cookie;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const post = (url: string, payload: unknown, who = cookie) =>
    app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie: who } });

  it('enrolled 1 April with 3 follow-ups and a health check: managed to standard (4×9/12 = 3)', async () => {
    const id = await insertResident(database.db, { birthDate: '1960-03-15', homeUnit: DISTRICT });
    const [f1] = facilities;
    const e = await post(`/api/residents/${id}/enrolments`, {
      programme: 'HTN',
      start: '2025-04-01',
      facility: f1,
    });
    expect(e.statusCode, e.body).toBe(200);
    for (const [d, s] of [
      ['2025-04-10', 150],
      ['2025-07-10', 135],
      ['2025-10-10', 132],
    ] as const) {
      const r = await post(`/api/residents/${id}/events`, followUp(d, s, 85));
      expect(r.statusCode, r.body).toBe(200);
    }
    const check = await post(`/api/residents/${id}/events`, {
      programme: 'HTN',
      type: 'health-check',
      date: '2025-05-01',
      fields: { complete: true },
    });
    expect(check.statusCode, check.body).toBe(200);
    expect(await value(database.db, 'HTN_MANAGED', f1, '2025')).toBe(1);
    expect(await value(database.db, 'HTN_STD_MANAGED', f1, '2025')).toBe(1);
    expect(await value(database.db, 'HTN_CONTROLLED', f1, '2025')).toBe(1); // latest 132/85
    expect(await rolled(database.db, 'HTN_STD_MANAGED', DISTRICT, '2025')).toBe(1);
    // 2026 so far: managed (enrolled, 66 at year end), nothing else yet.
    expect(await value(database.db, 'HTN_MANAGED', f1, '2026')).toBe(1);
    expect(await value(database.db, 'HTN_STD_MANAGED', f1, '2026')).toBeNull();

    // Void the July visit: 2 follow-ups < 3 required, no longer to standard.
    const timeline = await app.inject({ url: `/api/residents/${id}/programmes`, headers: { cookie } });
    expect(timeline.statusCode, timeline.body).toBe(200);
    const htn = (timeline.json() as { events: { id: number; date: string; version: number }[] }[])[0];
    const july = htn?.events.find((x) => x.date === '2025-07-10');
    expect(july).toBeDefined();
    const v = await app.inject({
      method: 'DELETE',
      url: `/api/residents/${id}/events/${String(july?.id)}`,
      payload: { version: july?.version, reason: '重复录入' },
      headers: { cookie },
    });
    expect(v.statusCode, v.body).toBe(200);
    expect(await value(database.db, 'HTN_STD_MANAGED', f1, '2025')).toBe(0);
    expect(await rolled(database.db, 'HTN_STD_MANAGED', DISTRICT, '2025')).toBe(0);
    expect(await value(database.db, 'HTN_MANAGED', f1, '2025')).toBe(1);
  });

  it('a correction to an uncontrolled reading drops the control count and brings the next visit to 14 days', async () => {
    const id = await insertResident(database.db, { birthDate: '1970-01-01', homeUnit: DISTRICT });
    const [, f2] = facilities;
    await post(`/api/residents/${id}/enrolments`, { programme: 'HTN', start: '2026-01-05', facility: f2 });
    const r = await post(`/api/residents/${id}/events`, followUp('2026-05-20', 128, 80));
    expect(r.statusCode, r.body).toBe(200);
    const saved = r.json() as { id: number; nextDue: { items: { item: string; due: string }[] } };
    // controlled: next face-to-face follow-up 90 days after 20 May = 18 August.
    expect(saved.nextDue.items.find((i) => i.item === 'follow-up')?.due).toBe('2026-08-18');
    expect(await value(database.db, 'HTN_CONTROLLED', f2, '2026')).toBe(1);
    const c = await app.inject({
      method: 'PATCH',
      url: `/api/residents/${id}/events/${String(saved.id)}`,
      payload: {
        version: 1,
        fields: { mode: 'clinic', sbp: 162, dbp: 95, classification: 'uncontrolled' },
        reason: '录入错误',
      },
      headers: { cookie },
    });
    expect(c.statusCode, c.body).toBe(200);
    const corrected = c.json() as typeof saved;
    expect(corrected.nextDue.items.find((i) => i.item === 'follow-up')?.due).toBe('2026-06-03');
    expect(await value(database.db, 'HTN_CONTROLLED', f2, '2026')).toBe(0);
    // The same stale version again is refused and changes nothing.
    const again = await app.inject({
      method: 'PATCH',
      url: `/api/residents/${id}/events/${String(saved.id)}`,
      payload: {
        version: 1,
        fields: { mode: 'clinic', sbp: 120, dbp: 70, classification: 'controlled' },
        reason: 'x',
      },
      headers: { cookie },
    });
    expect(again.statusCode).toBe(409);
    expect(await value(database.db, 'HTN_CONTROLLED', f2, '2026')).toBe(0);
  });

  it('a transfer moves this year to the new facility; ending for death keeps the year prorated', async () => {
    const id = await insertResident(database.db, { birthDate: '1950-06-01', homeUnit: DISTRICT });
    const [f1, f2] = facilities;
    await post(`/api/residents/${id}/enrolments`, { programme: 'HTN', start: '2024-01-01', facility: f1 });
    const before = (await value(database.db, 'HTN_MANAGED', f1, '2026')) ?? 0;
    const t = await post(`/api/residents/${id}/transfers`, {
      programme: 'HTN',
      date: '2026-03-01',
      toFacility: f2,
    });
    expect(t.statusCode, t.body).toBe(200);
    expect(await value(database.db, 'HTN_MANAGED', f1, '2026')).toBe(before - 1);
    expect(await value(database.db, 'HTN_MANAGED', f1, '2025')).toBeGreaterThanOrEqual(1);
    const end = await post(`/api/residents/${id}/enrolments/end`, {
      programme: 'HTN',
      date: '2026-04-30',
      reason: 'death',
    });
    expect(end.statusCode, end.body).toBe(200);
    expect((end.json() as { nextDue: { active: boolean } }).nextDue.active).toBe(false);
    const unknownReason = await post(`/api/residents/${id}/enrolments/end`, {
      programme: 'HTN',
      date: '2026-04-30',
      reason: 'bored',
    });
    expect(unknownReason.statusCode).toBe(422);
  });

  it('refuses bad input without writing: too young, out-of-range reading, future date, no permission', async () => {
    const young = await insertResident(database.db, { birthDate: '2000-01-01', homeUnit: DISTRICT });
    const [f1] = facilities;
    const e = await post(`/api/residents/${young}/enrolments`, {
      programme: 'HTN',
      start: '2026-01-01',
      facility: f1,
    });
    expect(e.statusCode).toBe(422);
    const id = await insertResident(database.db, { birthDate: '1960-01-01', homeUnit: DISTRICT });
    await post(`/api/residents/${id}/enrolments`, { programme: 'HTN', start: '2026-01-01', facility: f1 });
    const high = await post(`/api/residents/${id}/events`, followUp('2026-02-01', 400, 80));
    expect(high.statusCode).toBe(422);
    expect(JSON.stringify(high.json())).toContain('fields.sbp');
    const future = await post(`/api/residents/${id}/events`, followUp('2026-07-01', 120, 80));
    expect(future.statusCode).toBe(422);
    const forbidden = await post(`/api/residents/${id}/events`, followUp('2026-02-01', 120, 80), viewer);
    expect(forbidden.statusCode).toBe(403);
    const events = await database.db
      .selectFrom('programme_events')
      .select('id')
      .where('resident_id', '=', id)
      .execute();
    expect(events).toEqual([]);
  });
});
