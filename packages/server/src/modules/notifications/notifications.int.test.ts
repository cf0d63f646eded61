import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboxView, NotificationPreferences } from '@weijian/core';
import { bootstrap } from '../../bootstrap';
import type { Database } from '../../db/connection';
import { createTestApp, signIn } from '../../test/app';
import { ENGINES, createTestDatabase } from '../../test/db';
import { createDistrict } from '../../test/fixtures';
import { insertSignal } from '../../test/security-fixture';
import { SYSTEM_ACTOR } from '../audit';
import { catalogue } from '../catalogue';
import { submitReport } from '../reporting';
import { latestOverduePeriod } from './collect';

/**
 * Truth worked by hand from the shipped catalogue and the calendar: on 1 June 2026 the services
 * monthly report of April (due 10 May) is overdue, May's (due 10 June) not yet; the yearly
 * resources report of 2025 was due on 1 March 2026.
 */
describe('the latest overdue period', () => {
  const ds = (code: string) => {
    const d = catalogue().dataSets.find((x) => x.code === code);
    if (!d) throw new Error(code);
    return d;
  };
  it('is the last period whose deadline has passed', () => {
    expect(latestOverduePeriod(ds('SERVICES_MONTHLY'), '2026-06-01')).toBe('202604');
    expect(latestOverduePeriod(ds('SERVICES_MONTHLY'), '2026-06-10')).toBe('202604');
    expect(latestOverduePeriod(ds('SERVICES_MONTHLY'), '2026-06-11')).toBe('202605');
    expect(latestOverduePeriod(ds('RESOURCES_YEARLY'), '2026-03-01')).toBe('2024');
    expect(latestOverduePeriod(ds('RESOURCES_YEARLY'), '2026-03-02')).toBe('2025');
  });
});

describe.each(ENGINES)('notifications on %s', (engine) => {
  let database: Database;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await bootstrap(database.db);
    app = (await createTestApp(database.db)).app; // clock: 2026-06-01T08:00Z
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const inbox = async (cookie: string) => {
    const res = await app.inject({ url: '/api/notifications', headers: { cookie } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<InboxView>();
  };
  const titles = (v: InboxView, kind: string) =>
    v.items
      .filter((n) => n.kind === kind)
      .map((n) => n.title.zh)
      .sort();
  const hospSubmitted = async (
    f: Awaited<ReturnType<typeof createDistrict>>,
    at: string,
    unit = f.facilities.hosp
  ) =>
    submitReport(database.db, catalogue(), { ...SYSTEM_ACTOR, name: 'clerk', at: new Date(at) }, f.district, {
      dataSet: 'SERVICES_MONTHLY',
      orgUnit: unit,
      period: '202604',
    });

  it('tells a facility clerk which of its own reports are overdue, once', async () => {
    const f = await createDistrict(database.db);
    const clerk = (await signIn(database.db, app, 'clerk', f.facilities.chc)).cookie;
    const v = await inbox(clerk);
    // A community health centre reports MCH and services monthly, resources and basic public health yearly.
    expect(titles(v, 'overdue')).toEqual(
      [
        '妇幼卫生月报（202604）逾期未报，截止日期 2026-05-10',
        '医疗服务月报（202604）逾期未报，截止日期 2026-05-10',
        '卫生资源年报（2025）逾期未报，截止日期 2026-03-01',
        '基本公共卫生服务年报（2025）逾期未报，截止日期 2026-02-14',
      ].sort()
    );
    expect(v.unread).toBe(4);
    expect(titles(v, 'signal')).toEqual([]);
    expect(titles(v, 'approval')).toEqual([]);
    const again = await inbox(clerk);
    expect(again.items).toHaveLength(4);
    const link = v.items.find((n) => n.title.zh.startsWith('医疗服务月报'))?.link;
    expect(link).toBe(`/data/completeness?dataSet=SERVICES_MONTHLY&ou=${f.facilities.chc}&pe=202604`);

    const first = v.items[0]?.id ?? 0;
    const read = await app.inject({
      method: 'POST',
      url: '/api/notifications/read',
      headers: { cookie: clerk },
      payload: { ids: [first] },
    });
    expect(read.json()).toEqual({ changed: 1 });
    expect((await inbox(clerk)).unread).toBe(3);
    // Another user cannot mark them.
    const other = (await signIn(database.db, app, 'clerk', f.facilities.hosp)).cookie;
    const foreign = await app.inject({
      method: 'POST',
      url: '/api/notifications/read',
      headers: { cookie: other },
      payload: { ids: v.items.map((n) => n.id) },
    });
    expect(foreign.json()).toEqual({ changed: 0 });
    expect((await inbox(clerk)).unread).toBe(3);
  });

  it('tells the district approver what waits for approval, again only when a new report arrives', async () => {
    const f = await createDistrict(database.db);
    await hospSubmitted(f, '2026-05-05T10:00:00+08:00');
    const planner = (await signIn(database.db, app, 'planner', f.district)).cookie;
    const v = await inbox(planner);
    expect(titles(v, 'approval')).toEqual(['医疗服务月报（202604）：1 份已上报，待审核']);
    expect(titles(v, 'overdue')).toContain('医疗服务月报（202604）：2 个单位逾期未报');

    // Approved: nothing waits, nothing new.
    const approve = await app.inject({
      method: 'POST',
      url: '/api/approvals',
      headers: { cookie: planner },
      payload: { dataSet: 'SERVICES_MONTHLY', orgUnit: f.facilities.hosp, period: '202604' },
    });
    expect(approve.statusCode).toBe(200);
    expect(titles(await inbox(planner), 'approval')).toHaveLength(1);

    // The planner turns approvals off: a new submission tells nothing; turned on, it does.
    const off = await app.inject({
      method: 'POST',
      url: '/api/notifications/preferences',
      headers: { cookie: planner },
      payload: { approval: false },
    });
    expect(off.json<NotificationPreferences>()).toEqual({ signal: true, overdue: true, approval: false });
    await hospSubmitted(f, '2026-05-20T10:00:00+08:00', f.facilities.chc);
    expect(titles(await inbox(planner), 'approval')).toHaveLength(1);
    await app.inject({
      method: 'POST',
      url: '/api/notifications/preferences',
      headers: { cookie: planner },
      payload: { approval: true },
    });
    expect(titles(await inbox(planner), 'approval')).toEqual([
      '医疗服务月报（202604）：1 份已上报，待审核',
      '医疗服务月报（202604）：1 份已上报，待审核',
    ]);
    const audit = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'notification-preferences')
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(2);
    const bad = await app.inject({
      method: 'POST',
      url: '/api/notifications/preferences',
      headers: { cookie: planner },
      payload: { nonsense: true },
    });
    expect(bad.statusCode).toBe(422);
  });

  it('tells the epidemiologists of the scope about a new signal, and no one else', async () => {
    const f = await createDistrict(database.db);
    const g = await createDistrict(database.db);
    const id = await insertSignal(database.db, f.streets[0], '流行性感冒');
    const epi = (await signIn(database.db, app, 'epidemiologist', f.district)).cookie;
    const elsewhere = (await signIn(database.db, app, 'epidemiologist', g.district)).cookie;
    const clerk = (await signIn(database.db, app, 'clerk', f.district)).cookie;
    const mine = await inbox(epi);
    expect(mine.items.filter((n) => n.kind === 'signal').map((n) => n.link)).toEqual([
      `/surveillance/signals/${String(id)}`,
    ]);
    expect(titles(mine, 'signal')[0]).toMatch(/^新预警信号：一街道\d+ 流行性感冒（2026-05-25）$/);
    expect(titles(await inbox(elsewhere), 'signal')).toEqual([]);
    expect(titles(await inbox(clerk), 'signal')).toEqual([]);
  });

  it('lets an administrator bring every inbox in scope up to date, and no further', async () => {
    const f = await createDistrict(database.db);
    const g = await createDistrict(database.db);
    await insertSignal(database.db, f.streets[1], '手足口病');
    const admin = (await signIn(database.db, app, 'admin', f.district)).cookie;
    const epi = await signIn(database.db, app, 'epidemiologist', f.district);
    const res = await app.inject({
      method: 'POST',
      url: '/api/notifications/sweep',
      headers: { cookie: admin },
      payload: { orgUnit: f.district },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ users: 2 });
    const stored = await database.db
      .selectFrom('notifications')
      .innerJoin('users', 'users.id', 'notifications.user_id')
      .select(['notifications.kind'])
      .where('users.username', '=', epi.username)
      .execute();
    expect(stored.map((s) => s.kind)).toEqual(['signal']);
    const outside = await app.inject({
      method: 'POST',
      url: '/api/notifications/sweep',
      headers: { cookie: admin },
      payload: { orgUnit: g.district },
    });
    expect(outside.statusCode).toBe(404);
  });
});
