import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connection';
import { createTestApp, signIn, type TestApp } from '../../test/app';
import { ENGINES, createTestDatabase } from '../../test/db';
import { SYSTEM_ACTOR } from '../audit';
import { hashPassword, verifyPassword } from './password';
import { createUser } from './service';

describe('password hashing', () => {
  it('verifies the right password and rejects others', async () => {
    const stored = await hashPassword('correct horse');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('correct hors', stored)).toBe(false);
    expect(await hashPassword('correct horse')).not.toBe(stored);
  });
});

describe.each(ENGINES)('authentication and access on %s', (engine) => {
  let database: Database;
  let t: TestApp;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    t = await createTestApp(database.db);
    app = t.app;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('leaves only /api/health open', async () => {
    expect((await app.inject('/api/health')).statusCode).toBe(200);
    for (const url of [
      '/api/plans',
      '/api/plans/futian-2021',
      '/api/catalogue',
      '/api/targets/parse?text=1',
      '/api/orgunits',
      '/api/auth/me',
    ]) {
      const res = await app.inject(url);
      expect(res.statusCode, url).toBe(401);
      expect(res.json()).toMatchObject({
        code: 'UNAUTHENTICATED',
        message: { zh: '请先登录', en: 'Please sign in' },
      });
    }
  });

  it('signs in with an httpOnly cookie and refuses a wrong password the same way as an unknown user', async () => {
    await createUser(database.db, SYSTEM_ACTOR, {
      username: 'li.hua',
      password: 'long enough 2026',
      role: 'viewer',
      orgUnitCode: '440304',
    });
    const ok = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'li.hua', password: 'long enough 2026' },
    });
    expect(ok.statusCode).toBe(200);
    expect(String(ok.headers['set-cookie'])).toMatch(/weijian_session=.+HttpOnly.*SameSite=Lax/i);
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'li.hua', password: 'wrong password' },
    });
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'nobody', password: 'wrong password' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
  });

  it('rejects weak passwords, unknown roles and unknown org units with the field named', async () => {
    await expect(
      createUser(database.db, SYSTEM_ACTOR, {
        username: 'a1',
        password: 'short-pass1',
        role: 'viewer',
        orgUnitCode: '440304',
      })
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ field: 'password' }] });
    await expect(
      createUser(database.db, SYSTEM_ACTOR, {
        username: 'a2',
        password: 'long enough 2026',
        role: 'boss',
        orgUnitCode: '440304',
      })
    ).rejects.toMatchObject({ issues: [{ field: 'role' }] });
    await expect(
      createUser(database.db, SYSTEM_ACTOR, {
        username: 'a3',
        password: 'long enough 2026',
        role: 'viewer',
        orgUnitCode: '999999',
      })
    ).rejects.toMatchObject({ code: 'NOT_FOUND', issues: [{ field: 'orgUnit' }] });
  });

  it('expires sessions', async () => {
    const { cookie } = await signIn(database.db, app, 'viewer', '440304');
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
    const saved = t.clock.now;
    t.clock.now = new Date(saved.getTime() + 13 * 3600_000);
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
    t.clock.now = saved;
  });

  it('ends a session on logout', async () => {
    const { cookie } = await signIn(database.db, app, 'viewer', '440304');
    await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('lets only admins create users, and only within their scope', async () => {
    const planner = await signIn(database.db, app, 'planner', '440300');
    const body = { username: 'new.user', password: 'long enough 2026', role: 'viewer', orgUnit: '440304' };
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/users',
          headers: { cookie: planner.cookie },
          payload: body,
        })
      ).statusCode
    ).toBe(403);
    const admin = await signIn(database.db, app, 'admin', '440300');
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/users',
          headers: { cookie: admin.cookie },
          payload: body,
        })
      ).statusCode
    ).toBe(200);
    // Outside the scope and unknown answer alike (404), so codes outside one's scope cannot be probed.
    const outside = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: admin.cookie },
      payload: { ...body, username: 'other.user', orgUnit: '350100' },
    });
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: admin.cookie },
      payload: { ...body, username: 'other.user', orgUnit: '999999' },
    });
    expect(outside.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(outside.json()).toMatchObject({ code: 'NOT_FOUND', issues: [{ field: 'orgUnit' }] });
    const audit = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'user')
      .where('action', '=', 'create')
      .execute();
    expect(audit.some((a) => (a.details as { username?: string }).username === 'new.user')).toBe(true);
  });

  it('validates request bodies at the edge', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x' } });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(JSON.stringify(res.json())).toContain('password');
  });
});
