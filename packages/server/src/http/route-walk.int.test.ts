/**
 * Every registered route × every role × a unit in the caller's scope (Futian) and one outside it
 * (Guangming). The list of routes comes from the app itself, so a new route that is neither here
 * nor in the allow-list of unscoped routes (with its reason) fails the suite. For each call:
 * no 5xx; a role without the permission gets 403; inside the scope the call works; outside it the
 * call is refused (403/404/422) or, for a list, leaves the other district out; no answer to a
 * Futian caller ever contains Guangming's data; a refused write changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, ROLES, type Role } from '@weijian/core';
import type { Database } from '../db/connection';
import { createTestApp } from '../test/app';
import { ENGINES, createTestDatabase } from '../test/db';
import { SCENARIOS, toInject, UNSCOPED, UNSCOPED_URL, type Ctx } from '../test/route-scenarios';
import { buildSecurityFixture, changedTables, databaseDigest } from '../test/security-fixture';

const WRITE = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

describe.each(ENGINES)('route × role × scope walk on %s', (engine) => {
  let database: Database;
  let c: Ctx;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    const { app } = await createTestApp(database.db);
    c = { db: database.db, app, f: await buildSecurityFixture(database.db, app) };
  });
  afterAll(async () => {
    await c.app.close();
    await database.close();
  });

  it('knows every registered route: scoped scenario or unscoped with a reason', () => {
    const keys = c.app.routeTable.map((r) => `${r.method} ${r.url}`);
    const unknown = keys.filter((k) => !(k in SCENARIOS) && !(k in UNSCOPED));
    expect(unknown, 'add a scope scenario (or an UNSCOPED entry with its reason) for these routes').toEqual(
      []
    );
    const stale = [...Object.keys(SCENARIOS), ...Object.keys(UNSCOPED)].filter((k) => !keys.includes(k));
    expect(stale, 'scenarios for routes that no longer exist').toEqual([]);
  });

  it('walks every scoped route for every role inside and outside the scope', async () => {
    const problems: string[] = [];
    let calls = 0;
    for (const role of ROLES as readonly Role[]) {
      const cookie = c.f.callers[role];
      for (const [key, scenario] of Object.entries(SCENARIOS)) {
        for (const d of [c.f.A, c.f.B]) {
          const req = await scenario.request(d, c);
          const permitted = scenario.permission === 'signed-in' || can(role, scenario.permission);
          const write = WRITE.has(req.method ?? 'GET');
          const before =
            write && d.label === 'B' && permitted && !scenario.list ? await databaseDigest(c.db) : null;
          const res = await c.app.inject(toInject(req, { cookie }));
          calls++;
          const where = `${role} ${key} (${d.label})`;
          const sent = `${req.url} ${JSON.stringify(req.payload ?? req.upload ?? '')}`;
          const body = res.body;
          if (res.statusCode >= 500) problems.push(`${where}: ${res.statusCode} ${body.slice(0, 200)}`);
          for (const m of c.f.markers) {
            if (!sent.includes(m) && body.includes(m)) {
              problems.push(`${where}: answer contains Guangming's "${m}"`);
            }
          }
          if (!permitted) {
            if (res.statusCode !== 403) {
              problems.push(`${where}: expected 403 without ${scenario.permission}, got ${res.statusCode}`);
            }
          } else if (d.label === 'A' || scenario.list) {
            if (!(scenario.ok ?? [200]).includes(res.statusCode)) {
              problems.push(
                `${where}: expected ${String(scenario.ok ?? [200])}, got ${res.statusCode} ${body.slice(0, 300)}`
              );
            }
          } else if (![403, 404, 422].includes(res.statusCode)) {
            problems.push(
              `${where}: outside the scope expected 403/404/422, got ${res.statusCode} ${body.slice(0, 200)}`
            );
          }
          if (before) {
            const changed = changedTables(before, await databaseDigest(c.db));
            if (changed.length) problems.push(`${where}: a refused write changed ${changed.join(', ')}`);
          }
        }
      }
    }
    console.info(
      `route walk on ${engine}: ${calls} scoped calls (${Object.keys(SCENARIOS).length} routes × ${ROLES.length} roles × 2 units)`
    );
    expect(problems).toEqual([]);
    expect(calls).toBe(Object.keys(SCENARIOS).length * ROLES.length * 2);
    // The walk grows with every route (each refused write digests the whole database twice).
  }, 480_000);

  it('walks the unscoped routes anonymously and for every role', async () => {
    const problems: string[] = [];
    for (const [key, rule] of Object.entries(UNSCOPED)) {
      const [method = 'GET', path = ''] = key.split(' ');
      const url = UNSCOPED_URL[key] ?? path;
      const payload = (who: string) =>
        method !== 'POST'
          ? undefined
          : key === 'POST /api/auth/login'
            ? { username: `nobody.${who}`, password: 'x' }
            : { current: 'wrong password here', password: 'new password 2026' };
      const anonPayload = payload('anonymous');
      const anon = await c.app.inject({
        method: method as 'GET',
        url,
        ...(anonPayload ? { payload: anonPayload } : {}),
        remoteAddress: '10.9.9.9',
      });
      if (anon.statusCode >= 500) problems.push(`anonymous ${key}: ${anon.statusCode}`);
      if (rule.anonymous !== undefined && anon.statusCode !== rule.anonymous) {
        problems.push(`anonymous ${key}: expected ${rule.anonymous}, got ${anon.statusCode}`);
      }
      if (key === 'POST /api/auth/logout') continue;
      for (const role of ROLES) {
        const rolePayload = payload(role);
        const res = await c.app.inject({
          method: method as 'GET',
          url,
          ...(rolePayload ? { payload: rolePayload } : {}),
          headers: { cookie: c.f.callers[role] },
          remoteAddress: '10.9.9.10',
        });
        if (res.statusCode >= 500) problems.push(`${role} ${key}: ${res.statusCode}`);
        if (typeof rule.signedIn === 'number' && res.statusCode !== rule.signedIn) {
          problems.push(`${role} ${key}: expected ${rule.signedIn}, got ${res.statusCode}`);
        }
        for (const m of c.f.markers) {
          if (res.body.includes(m)) problems.push(`${role} ${key}: answer contains "${m}"`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
