/**
 * Two-way referral on both engines, against hand-written expectations: the status machine, the
 * worklists, timeline entries at both ends, and the counts (sent, received, accepted and completed
 * within the hours of catalogue/referrals/rules.yaml: up 24 h / 72 h) fresh after each step.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../../bootstrap';
import type { Database } from '../../db/connection';
import { createTestApp, signIn } from '../../test/app';
import { ENGINES, createTestDatabase } from '../../test/db';
import { insertChild } from '../../test/imm-fixture';
import { SYSTEM_ACTOR } from '../audit';
import { aggregateRows } from '../data';
import { addOrgUnits } from '../orgunits';
import { verifyReferralCounts } from './counts';
import { referralRules } from './rules';

describe.each(ENGINES)('referrals on %s', (engine) => {
  let database: Database;
  let app: FastifyInstance;
  let clock: { now: Date };
  let community: string;
  let hospitalStaff: string;
  let resident: number;
  const agg = async (element: string, unit: string, period = '202603'): Promise<number> =>
    (await aggregateRows(database.db, [element], [unit], [period]))[0]?.value ?? 0;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await bootstrap(database.db);
    await addOrgUnits(database.db, SYSTEM_ACTOR, [
      { code: '440304801', name: '街道', level: 'street', parentCode: '440304' },
      { code: '440304801C', name: '社康中心', level: 'facility', parentCode: '440304801' },
      { code: '440305801', name: '南山街道', level: 'street', parentCode: '440305' },
      { code: '440305801H', name: '南山医院', level: 'facility', parentCode: '440305801' },
    ]);
    ({ app, clock } = await createTestApp(database.db));
    clock.now = new Date('2026-03-02T01:00:00Z');
    community = (await signIn(database.db, app, 'doctor', '440304801C')).cookie;
    hospitalStaff = (await signIn(database.db, app, 'doctor', '440305801H')).cookie;
    resident = await insertChild(database.db, {
      birthDate: '1958-04-01',
      homeUnit: '440304801',
      name: '李建国',
    });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('reads the rule hours from the catalogue', () => {
    expect(referralRules().up).toEqual({ acceptWithinHours: 24, completeWithinHours: 72 });
  });

  it('moves an up-referral sent → accepted (in 23 h) → completed (in 80 h): on-time acceptance counts, completion does not', async () => {
    const sent = await app.inject({
      method: 'POST',
      url: '/api/referrals',
      payload: {
        residentId: resident,
        direction: 'up',
        from: '440304801C',
        to: '440305801H',
        reason: '血压控制不佳',
      },
      headers: { cookie: community },
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const id = sent.json<{ id: number }>().id;
    expect(await agg('REF_UP_SENT', '440304')).toBe(1);
    expect(await agg('REF_UP_RECEIVED', '440305')).toBe(1);
    const inbox = await app.inject({
      url: '/api/referrals?facility=440305801H',
      headers: { cookie: hospitalStaff },
    });
    expect(inbox.json<{ id: number; status: string }[]>().map((r) => [r.id, r.status])).toEqual([
      [id, 'sent'],
    ]);
    // The sender may not decide for the receiver.
    const wrong = await app.inject({
      method: 'POST',
      url: `/api/referrals/${id}/decision`,
      payload: { action: 'accept' },
      headers: { cookie: community },
    });
    expect(wrong.statusCode).toBe(404);
    const early = await app.inject({
      method: 'POST',
      url: `/api/referrals/${id}/decision`,
      payload: { action: 'complete', outcome: 'x' },
      headers: { cookie: hospitalStaff },
    });
    expect(early.statusCode).toBe(409);
    clock.now = new Date('2026-03-03T00:00:00Z'); // 23 h after sending
    hospitalStaff = (await signIn(database.db, app, 'doctor', '440305801H')).cookie; // sessions expire meanwhile
    await app.inject({
      method: 'POST',
      url: `/api/referrals/${id}/decision`,
      payload: { action: 'accept' },
      headers: { cookie: hospitalStaff },
    });
    expect(await agg('REF_UP_ACCEPTED_ONTIME', '440305801H')).toBe(1);
    clock.now = new Date('2026-03-05T09:00:00Z'); // 80 h after sending: beyond 72 h
    hospitalStaff = (await signIn(database.db, app, 'doctor', '440305801H')).cookie;
    community = (await signIn(database.db, app, 'doctor', '440304801C')).cookie;
    const done = await app.inject({
      method: 'POST',
      url: `/api/referrals/${id}/decision`,
      payload: { action: 'complete', outcome: '已调整用药' },
      headers: { cookie: hospitalStaff },
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(await agg('REF_UP_COMPLETED_ONTIME', '440305801H')).toBe(0);
    const mine = await app.inject({
      url: `/api/residents/${resident}/referrals`,
      headers: { cookie: community },
    });
    const body = mine.json<{
      referrals: { status: string; completedAt: string }[];
      timeline: { facility: string; kind: string }[];
    }>();
    expect(body.referrals[0]).toMatchObject({ status: 'completed', completedAt: '2026-03-05T09:00:00.000Z' });
    expect(body.timeline.map((t) => [t.kind, t.facility])).toEqual([
      ['referral-sent', '440304801C'],
      ['referral-received', '440305801H'],
      ['referral-accepted', '440305801H'],
      ['referral-completed', '440305801H'],
    ]);
    expect((await verifyReferralCounts(database.db)).ok).toBe(true);
  });

  it('requires the discharge plan for a down-referral and a reason to decline', async () => {
    const noPlan = await app.inject({
      method: 'POST',
      url: '/api/referrals',
      payload: {
        residentId: resident,
        direction: 'down',
        from: '440305801H',
        to: '440304801C',
        reason: '出院',
      },
      headers: { cookie: hospitalStaff },
    });
    expect(noPlan.statusCode).toBe(422);
    expect(noPlan.body).toContain('dischargePlan');
    const down = await app.inject({
      method: 'POST',
      url: '/api/referrals',
      payload: {
        residentId: resident,
        direction: 'down',
        from: '440305801H',
        to: '440304801C',
        reason: '出院',
        dischargePlan: {
          diagnosis: '高血压3级',
          summary: '好转',
          medications: ['氨氯地平 5mg qd'],
          followUp: '两周内随访',
        },
      },
      headers: { cookie: hospitalStaff },
    });
    expect(down.statusCode, down.body).toBe(200);
    const id = down.json<{ id: number }>().id;
    const noReason = await app.inject({
      method: 'POST',
      url: `/api/referrals/${id}/decision`,
      payload: { action: 'decline' },
      headers: { cookie: community },
    });
    expect(noReason.statusCode).toBe(422);
    const declined = await app.inject({
      method: 'POST',
      url: `/api/referrals/${id}/decision`,
      payload: { action: 'decline', reason: '不在服务范围' },
      headers: { cookie: community },
    });
    expect(declined.statusCode).toBe(200);
    expect(await agg('REF_DOWN_RECEIVED', '440304801C')).toBe(1);
    expect(await agg('REF_DOWN_ACCEPTED_ONTIME', '440304801C')).toBe(0);
    expect((await verifyReferralCounts(database.db)).ok).toBe(true);
  });
});
