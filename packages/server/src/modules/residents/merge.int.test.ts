/**
 * The duplicate queue, merge and undo, with lifecycle listeners standing in for the modules that
 * hold things per resident: both are called inside the merge's transaction (a listener's failure
 * rolls back everything, including another listener's writes), the undo gives every listener its
 * own snapshot back and restores every row exactly, and a change of the life facts is told to them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { AppError } from '@weijian/core';
import type { Database } from '../../db/connection';
import { writeAudit } from '../audit';
import { createTestApp, signIn } from '../../test/app';
import { createDistrict, type DistrictFixture } from '../../test/fixtures';
import { ENGINES, createTestDatabase } from '../../test/db';
import { changedTables, databaseDigest } from '../../test/security-fixture';
import { onResidentLifecycle } from './index';

interface Calls {
  merged: [number, number][];
  unmerged: [number, number, unknown][];
  changed: number[][];
  failB: boolean;
}
const calls: Calls = { merged: [], unmerged: [], changed: [], failB: false };

onResidentLifecycle({
  name: 'fake-a',
  residentsChanged(_tx, ids) {
    calls.changed.push([...ids]);
    return Promise.resolve();
  },
  async merged(tx, survivorId, mergedId, p) {
    calls.merged.push([survivorId, mergedId]);
    // A write of this listener's own, in the merge's transaction.
    await writeAudit(
      tx,
      { userId: null, name: p.actor, at: p.at },
      { action: 'fake.merged', entity: 'fake', entityId: `${mergedId}->${survivorId}` }
    );
    return { moved: [mergedId], note: '示例' };
  },
  unmerged(_tx, survivorId, mergedId, snapshot) {
    calls.unmerged.push([survivorId, mergedId, snapshot]);
    return Promise.resolve();
  },
});
onResidentLifecycle({
  name: 'fake-b',
  residentsChanged: () => Promise.resolve(),
  merged() {
    if (calls.failB) {
      return Promise.reject(new AppError('CONFLICT', { zh: '测试：拒绝合并', en: 'test: merge refused' }));
    }
    return Promise.resolve(null);
  },
  unmerged: () => Promise.resolve(),
});

describe.each(ENGINES)('duplicates and merges on %s', (engine) => {
  let database: Database;
  let app: FastifyInstance;
  let A: DistrictFixture;
  const cookies: Record<string, string> = {};
  const req = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    app.inject({ method, url, headers: { cookie: cookies[who] ?? '' }, ...(payload ? { payload } : {}) });
  const person = {
    name: '陈思远',
    sex: 'M',
    birthDate: '1975-08-16',
    phone: '13698765432',
    address: '一街道和平路8号2栋301室',
  };
  let first = 0;
  let second = 0;

  beforeAll(async () => {
    Object.assign(calls, { merged: [], unmerged: [], changed: [], failB: false });
    database = await createTestDatabase(engine);
    ({ app } = await createTestApp(database.db));
    A = await createDistrict(database.db);
    cookies.doctor = (await signIn(database.db, app, 'doctor', A.district)).cookie;
    cookies.admin = (await signIn(database.db, app, 'admin', A.district)).cookie;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('queues a second registration of the same person without an ID for review', async () => {
    const a = await req('doctor', 'POST', '/api/residents', { ...person, homeUnit: A.streets[0] });
    expect(a.json()).toMatchObject({ possibleDuplicates: [] });
    first = (a.json() as { id: number }).id;
    const b = await req('doctor', 'POST', '/api/residents', {
      ...person,
      homeUnit: A.streets[0],
      identifiers: [{ kind: 'passport', value: 'E12345678' }],
    });
    expect(b.statusCode, b.body).toBe(200);
    second = (b.json() as { id: number }).id;
    const dup = (b.json() as { possibleDuplicates: { residentId: number; score: number }[] })
      .possibleDuplicates;
    // README weights: name exact 10.38 + birth date exact 14.38 + sex 0.99 + phone 9.23 + address 8.23.
    expect(dup).toHaveLength(1);
    expect(dup[0]?.residentId).toBe(first);
    expect(dup[0]?.score).toBeCloseTo(43.2, 1);
    const queue = (await req('admin', 'GET', '/api/resident-duplicates')).json() as {
      aId: number;
      bId: number;
    }[];
    expect(queue.map((q) => [q.aId, q.bId])).toEqual([[first, second]]);
    expect((await req('doctor', 'GET', '/api/resident-duplicates')).statusCode).toBe(403);
  });

  it('merges through the queue inside one transaction and the undo restores every row exactly', async () => {
    const skip = ['audit_log', 'resident_merges', 'record_reads', 'login_throttle', 'sessions'];
    const before = await databaseDigest(database.db, skip);
    const [candidate] = (await req('admin', 'GET', '/api/resident-duplicates')).json() as { id: number }[];
    const decided = await req('admin', 'POST', `/api/resident-duplicates/${candidate?.id}/decide`, {
      decision: 'merge',
      mergedId: second,
      reason: '同一人重复建档',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const mergeId = (decided.json() as { mergeId: number }).mergeId;
    expect(calls.merged).toEqual([[first, second]]);
    const merged = await database.db
      .selectFrom('residents')
      .selectAll()
      .where('id', '=', second)
      .executeTakeFirstOrThrow();
    expect([merged.status, merged.merged_into]).toEqual(['merged', first]);
    const passport = await database.db
      .selectFrom('resident_identifiers')
      .selectAll()
      .where('kind', '=', 'passport')
      .executeTakeFirstOrThrow();
    expect([passport.resident_id, passport.is_primary]).toEqual([first, false]);
    const row = await database.db
      .selectFrom('resident_merges')
      .selectAll()
      .where('id', '=', mergeId)
      .executeTakeFirstOrThrow();
    // Every registered listener's snapshot is kept under its name (the programmes module's too).
    expect((row.moved as { listeners: unknown }).listeners).toMatchObject({
      'fake-a': { moved: [second], note: '示例' },
      'fake-b': null,
    });
    const audit = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'fake')
      .execute();
    expect(audit).toHaveLength(1);
    const queueAfter = await database.db
      .selectFrom('match_candidates')
      .select('status')
      .executeTakeFirstOrThrow();
    expect(queueAfter.status).toBe('merged');
    // The merged record still reads, saying where it went.
    expect((await req('doctor', 'GET', `/api/residents/${second}`)).json()).toMatchObject({
      status: 'merged',
      mergedInto: first,
      identifiers: [],
    });

    const undo = await req('admin', 'POST', `/api/resident-merges/${mergeId}/undo`);
    expect(undo.statusCode, undo.body).toBe(200);
    expect(calls.unmerged).toEqual([[first, second, { moved: [second], note: '示例' }]]);
    expect(changedTables(before, await databaseDigest(database.db, skip))).toEqual([]);
    expect((await req('admin', 'POST', `/api/resident-merges/${mergeId}/undo`)).statusCode).toBe(409);
    const undone = await database.db
      .selectFrom('resident_merges')
      .select(['undone_by', 'undone_at'])
      .where('id', '=', mergeId)
      .executeTakeFirstOrThrow();
    expect(undone.undone_by).toMatch(/^admin-/);
  });

  it('rolls the whole merge back when a listener refuses, including another listener’s writes', async () => {
    const before = await databaseDigest(database.db, ['login_throttle', 'sessions']);
    calls.failB = true;
    const callsBefore = calls.merged.length;
    const res = await req('admin', 'POST', `/api/residents/${first}/merge`, {
      mergedId: second,
      reason: '重复',
    });
    calls.failB = false;
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ message: { en: 'test: merge refused' } });
    expect(calls.merged.length).toBe(callsBefore + 1);
    expect(changedTables(before, await databaseDigest(database.db, ['login_throttle', 'sessions']))).toEqual(
      []
    );
  });

  it('tells the listeners when a life fact changes, and only then', async () => {
    calls.changed = [];
    const phone = await req('doctor', 'PUT', `/api/residents/${first}`, { version: 1, phone: '13600000000' });
    expect(phone.statusCode, phone.body).toBe(200);
    expect(calls.changed).toEqual([]);
    const death = await req('doctor', 'PUT', `/api/residents/${first}`, {
      version: 2,
      deathDate: '2026-05-20',
    });
    expect(death.statusCode, death.body).toBe(200);
    expect(calls.changed).toEqual([[first]]);
    const late = await req('doctor', 'PUT', `/api/residents/${first}`, {
      version: 3,
      deathDate: '2026-07-01',
    });
    expect(late.statusCode).toBe(422);
    expect(JSON.stringify(late.json())).toContain('deathDate');
  });
});
