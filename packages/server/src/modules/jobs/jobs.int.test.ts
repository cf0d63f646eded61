import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobView } from '@weijian/core';
import { bootstrap } from '../../bootstrap';
import type { Database } from '../../db/connection';
import { createTestApp, signIn } from '../../test/app';
import { ENGINES, createTestDatabase } from '../../test/db';
import { startJob } from './service';

describe.each(ENGINES)('jobs on %s', (engine) => {
  let database: Database;
  let app: FastifyInstance;
  let clock: { now: Date };
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await bootstrap(database.db);
    ({ app, clock } = await createTestApp(database.db));
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const view = (cookie: string, id: number) => app.inject({ url: `/api/jobs/${id}`, headers: { cookie } });

  it('reports progress, the time left at the rate so far, and the result, to its owner only', async () => {
    const owner = await signIn(database.db, app, 'admin', '440304');
    const ownerId = (await app.inject({ url: '/api/auth/me', headers: { cookie: owner.cookie } })).json<{
      id: number;
    }>().id;
    let release = (): void => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const job = await startJob(
      database.db,
      () => clock.now,
      { userId: ownerId, name: owner.username, scope: '440304' },
      'test.count',
      async (report) => {
        // A quarter done ten seconds in: 30 s left at that rate.
        clock.now = new Date(clock.now.getTime() + 10_000);
        report({ done: 25, total: 100, phase: { zh: '计数', en: 'counting' } });
        await gate;
        return { counted: 100 };
      }
    );
    for (let i = 0; i < 50; i++) {
      const j = view(owner.cookie, job.id);
      if ((await j).json<JobView>().done === 25) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const running = (await view(owner.cookie, job.id)).json<JobView>();
    expect(running).toMatchObject({
      status: 'running',
      done: 25,
      total: 100,
      fraction: 0.25,
      remainingSeconds: 30,
      phase: { zh: '计数', en: 'counting' },
    });
    const other = await signIn(database.db, app, 'planner', '440304');
    expect((await view(other.cookie, job.id)).statusCode).toBe(404);
    release();
    await job.finished;
    expect((await view(owner.cookie, job.id)).json<JobView>()).toMatchObject({
      status: 'succeeded',
      fraction: 1,
      remainingSeconds: 0,
      result: { counted: 100 },
    });
  });

  it('keeps a failed job’s error in both languages', async () => {
    const owner = await signIn(database.db, app, 'admin', '440304');
    const me = (await app.inject({ url: '/api/auth/me', headers: { cookie: owner.cookie } })).json<{
      id: number;
    }>();
    const { AppError } = await import('@weijian/core');
    const job = await startJob(
      database.db,
      () => clock.now,
      { userId: me.id, name: owner.username, scope: '440304' },
      'test.fail',
      () => Promise.reject(new AppError('CONFLICT', { zh: '已有合成数据', en: 'Synthetic data exists' }))
    );
    await job.finished;
    expect((await view(owner.cookie, job.id)).json<JobView>()).toMatchObject({
      status: 'failed',
      error: { code: 'CONFLICT', message: { zh: '已有合成数据', en: 'Synthetic data exists' } },
    });
  });

  it('names the table, row and column when a stored phase or error is malformed', async () => {
    const owner = await signIn(database.db, app, 'admin', '440304');
    const insert = async (values: { phase: string | null; error: string | null }) =>
      (
        await database.db
          .insertInto('jobs')
          .values({
            kind: 'test.broken',
            status: 'failed',
            created_by: owner.username,
            user_id: null,
            scope: '440304',
            started_at: clock.now,
            updated_at: clock.now,
            ...values,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const badPhase = await insert({ phase: '{"zh":"计数"}', error: null });
    const notJson = await insert({ phase: 'counting', error: null });
    const badError = await insert({
      phase: null,
      error: JSON.stringify({ code: 'CONFLICT', message: 'no' }),
    });
    for (const [id, column] of [
      [badPhase, 'phase'],
      [notJson, 'phase'],
      [badError, 'error'],
    ] as const) {
      const res = await view(owner.cookie, id);
      expect(res.statusCode).toBe(500);
      const body = res.json<{
        code: string;
        message: { zh: string; en: string };
        issues: { field: string }[];
      }>();
      expect(body.code).toBe('INTERNAL');
      expect(body.message.en).toBe(
        `Invalid value stored in the database: table jobs, row ${id}, column ${column}`
      );
      expect(body.message.zh).toBe(`数据库中存储的值无效：表 jobs，行 ${id}，列 ${column}`);
      expect(body.issues[0]?.field).toMatch(new RegExp(`^jobs\\.${column}`));
    }
  });

  it('lets only a role with demo:manage start the demo', async () => {
    const viewer = await signIn(database.db, app, 'viewer', '440304');
    const res = await app.inject({
      method: 'POST',
      url: '/api/demo/generate',
      headers: { cookie: viewer.cookie },
      payload: { seed: 1 },
    });
    expect(res.statusCode).toBe(403);
    // Demo data spans every plan region: a district's admin may not make or remove it either.
    const districtAdmin = await signIn(database.db, app, 'admin', '440304');
    for (const [method, url] of [
      ['POST', '/api/demo/generate'],
      ['DELETE', '/api/demo'],
    ] as const) {
      const r = await app.inject({ method, url, headers: { cookie: districtAdmin.cookie }, payload: {} });
      expect(r.statusCode, url).toBe(403);
      expect(r.json<{ message: { zh: string } }>().message.zh).toContain('全国范围的管理员');
    }
    const none = await database.db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', 'demo.generate')
      .execute();
    expect(none).toEqual([]);
  });
});
