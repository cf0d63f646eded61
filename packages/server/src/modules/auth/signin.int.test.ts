/**
 * Sign-in under attack: failures limited per user name and per address (state in the database,
 * so a second server node on the same database sees the same lock), 429 with when to retry,
 * failures and lockouts in the audit trail, a missing user as slow as a wrong password, forced
 * password resets, and sessions an administrator lists and revokes.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connection';
import { createTestApp, signIn, type TestApp } from '../../test/app';
import { ENGINES, createTestDatabase } from '../../test/db';
import { SYSTEM_ACTOR } from '../audit';
import { createUser } from './service';
import { THROTTLE } from './throttle';

const PASSWORD = 'correct horse battery';

describe.each(ENGINES)('sign-in protection on %s', (engine) => {
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

  const login = (a: FastifyInstance, username: string, password: string, ip = '192.0.2.1') =>
    a.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });

  it('locks a user name after 5 failures with 429 and when to retry, on every node, and doubles the lock', async () => {
    await createUser(database.db, SYSTEM_ACTOR, {
      username: 'wang.fang',
      password: PASSWORD,
      role: 'viewer',
      orgUnitCode: '440304',
    });
    const start = t.clock.now;
    for (let i = 1; i <= THROTTLE.userFailures; i++) {
      // Each guess from another address: the user-name limit alone must hold.
      expect((await login(app, 'wang.fang', `wrong guess ${i}`, `198.51.100.${i}`)).statusCode).toBe(401);
    }
    const locked = await login(app, 'wang.fang', PASSWORD, '198.51.100.99');
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBe('60');
    expect(locked.json()).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: { en: expect.stringMatching(/Try again in 60 s/) as string },
    });
    // A second server node on the same database sees the same lock.
    const other = await createTestApp(database.db);
    other.clock.now = start;
    expect((await login(other.app, 'wang.fang', PASSWORD, '203.0.113.7')).statusCode).toBe(429);
    await other.app.close();
    // After the minute the right password works and clears the count.
    t.clock.now = new Date(start.getTime() + 61_000);
    expect((await login(app, 'wang.fang', PASSWORD)).statusCode).toBe(200);
    for (let i = 1; i <= THROTTLE.userFailures; i++) await login(app, 'wang.fang', `wrong again ${i}`);
    expect((await login(app, 'wang.fang', PASSWORD)).statusCode).toBe(429);
    // Failing again right after a lock ends doubles it.
    t.clock.now = new Date(t.clock.now.getTime() + 61_000);
    expect((await login(app, 'wang.fang', 'one more wrong guess')).statusCode).toBe(401);
    const doubled = await login(app, 'wang.fang', PASSWORD);
    expect(doubled.headers['retry-after']).toBe('120');
    t.clock.now = start;

    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('entity_id', '=', 'wang.fang')
      .execute();
    expect(audit.filter((a) => a.action === 'login_failed').length).toBeGreaterThanOrEqual(
      2 * THROTTLE.userFailures + 1
    );
    expect(audit.filter((a) => a.action === 'lockout').length).toBeGreaterThanOrEqual(3);
    expect(audit.some((a) => (a.details as { reason?: string }).reason === 'locked')).toBe(true);
  });

  it('locks an address after 20 failures, whatever user names it tries', async () => {
    for (let i = 1; i <= THROTTLE.addressFailures; i++) {
      expect((await login(app, `guess.${i}`, 'password guess', '192.0.2.200')).statusCode).toBe(401);
    }
    await createUser(database.db, SYSTEM_ACTOR, {
      username: 'li.na',
      password: PASSWORD,
      role: 'viewer',
      orgUnitCode: '440304',
    });
    expect((await login(app, 'li.na', PASSWORD, '192.0.2.200')).statusCode).toBe(429);
    expect((await login(app, 'li.na', PASSWORD, '192.0.2.201')).statusCode).toBe(200);
  });

  it('spends as long on a missing user as on a wrong password', async () => {
    await createUser(database.db, SYSTEM_ACTOR, {
      username: 'zhao.lei',
      password: PASSWORD,
      role: 'viewer',
      orgUnitCode: '440304',
    });
    const time = async (username: string, i: number) => {
      const started = performance.now();
      await login(app, username, `not the password ${i}`, `10.1.${i}.${username.length}`);
      return performance.now() - started;
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    const wrong: number[] = [];
    const missing: number[] = [];
    for (let i = 0; i < 4; i++) {
      wrong.push(await time('zhao.lei', i));
      missing.push(await time(`no.such.user.${i}`, i));
    }
    // Both run one scrypt check (tens of milliseconds); without the dummy check a missing user
    // answered in about a millisecond.
    expect(median(missing)).toBeGreaterThan(0.5 * median(wrong));
  });

  it('lets an administrator force a password reset, and the user must change it first', async () => {
    const userId = await createUser(database.db, SYSTEM_ACTOR, {
      username: 'chen.jie',
      password: PASSWORD,
      role: 'clerk',
      orgUnitCode: '440304',
    });
    const before = await login(app, 'chen.jie', PASSWORD, '10.2.0.1');
    const oldCookie = String(before.headers['set-cookie']).split(';')[0] ?? '';
    const admin = await signIn(database.db, app, 'admin', '440300');
    const weak = await app.inject({
      method: 'POST',
      url: `/api/users/${userId}/password-reset`,
      headers: { cookie: admin.cookie },
      payload: { password: 'password123' },
    });
    expect(weak.json()).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ field: 'password' }] });
    const reset = await app.inject({
      method: 'POST',
      url: `/api/users/${userId}/password-reset`,
      headers: { cookie: admin.cookie },
      payload: { password: 'temporary pass 2026' },
    });
    expect(reset.statusCode, reset.body).toBe(200);
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: oldCookie } })).statusCode).toBe(401);
    const temp = await login(app, 'chen.jie', 'temporary pass 2026', '10.2.0.2');
    expect(temp.json()).toEqual({ ok: true, mustChangePassword: true });
    const cookie = String(temp.headers['set-cookie']).split(';')[0] ?? '';
    expect((await app.inject({ url: '/api/plans', headers: { cookie } })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie } })).json()).toMatchObject({
      mustChangePassword: true,
    });
    const changed = await app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie },
      payload: { current: 'temporary pass 2026', password: 'my own pass 2026' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await app.inject({ url: '/api/plans', headers: { cookie } })).statusCode).toBe(200);
    const audit = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', String(userId))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['password_reset', 'password_change']));
  });

  it('lists sessions in the administrator’s scope and revokes one', async () => {
    const inside = await signIn(database.db, app, 'viewer', '440304');
    const outside = await signIn(database.db, app, 'viewer', '350100');
    const admin = await signIn(database.db, app, 'admin', '440300');
    const sessions = (
      await app.inject({ url: '/api/sessions', headers: { cookie: admin.cookie } })
    ).json() as { id: string; username: string; ip: string }[];
    const mine = sessions.find((s) => s.username === inside.username);
    expect(mine?.ip).toBe('127.0.0.1');
    expect(sessions.some((s) => s.username === outside.username)).toBe(false);
    const revoke = await app.inject({
      method: 'DELETE',
      url: `/api/sessions/${mine?.id ?? ''}`,
      headers: { cookie: admin.cookie },
    });
    expect(revoke.statusCode).toBe(200);
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: inside.cookie } })).statusCode).toBe(
      401
    );
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: outside.cookie } })).statusCode).toBe(
      200
    );
  });
});
