/**
 * Property-based fuzzing of every route (fast-check). Each generated request starts from a
 * request that works (the walk's in-scope request, as an administrator) and spoils one to three
 * of its inputs with values no route may accept: a string with a NUL character, a string longer
 * than any field's limit, a value of the wrong JSON type, a day that does not exist in a date
 * field, a CSV upload with a NUL cell or an unbalanced quote. Every answer must be a 4xx (never a
 * 5xx, never a success), and the database must be exactly as before.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/connection';
import { createTestApp } from '../test/app';
import { ENGINES, createTestDatabase } from '../test/db';
import { SCENARIOS, toInject, UNSCOPED_URL, type Ctx, type Req } from '../test/route-scenarios';
import { buildSecurityFixture, changedTables, databaseDigest } from '../test/security-fixture';

const RUNS_PER_ROUTE = Number(process.env.WEIJIAN_FUZZ_RUNS ?? 12);
const SEED = Number(process.env.WEIJIAN_FUZZ_SEED ?? 20260601);
const DATE_FIELDS = /^(date|from|to|onsetDate|validFrom|diagnosedAt|reportedAt)$/;

/** One place in a request that can be spoiled. */
type Slot =
  | { kind: 'path'; index: number }
  | { kind: 'query'; key: string }
  | { kind: 'body'; path: (string | number)[] }
  | { kind: 'field'; key: string }
  | { kind: 'file' };

type Poison = 'nul' | 'long' | 'type' | 'date' | 'quote';

function leaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
      leaves(v, [...path, Array.isArray(value) ? Number(k) : k])
    );
  }
  return [path];
}

/** The slots of a request; `pattern` is the route's url with its :params. */
function slotsOf(req: Req, pattern: string): Slot[] {
  const query = req.url.split('?')[1] ?? '';
  const params = pattern
    .split('/')
    .flatMap((seg, index) => (seg.startsWith(':') ? [{ kind: 'path' as const, index }] : []));
  const queries = [...new URLSearchParams(query).keys(), 'extra'].map((key) => ({
    kind: 'query' as const,
    key,
  }));
  const body =
    req.payload !== undefined ? leaves(req.payload).map((p) => ({ kind: 'body' as const, path: p })) : [];
  const upload = req.upload
    ? [
        { kind: 'file' as const },
        ...Object.keys(req.upload.fields).map((key) => ({ kind: 'field' as const, key })),
      ]
    : [];
  return [...params, ...queries, ...body, ...upload];
}

function lastKey(slot: Slot): string {
  if (slot.kind === 'query' || slot.kind === 'field') return slot.key;
  if (slot.kind === 'body') return String(slot.path.at(-1) ?? '');
  return '';
}

/** Poisons that make the slot invalid whatever field it is. */
function poisonsFor(slot: Slot): Poison[] {
  if (slot.kind === 'file') return ['nul', 'quote'];
  // A key no route reads is ignored whatever its length; only a NUL makes it unacceptable.
  if (slot.kind === 'query' && slot.key === 'extra') return ['nul'];
  const date = DATE_FIELDS.test(lastKey(slot)) ? (['date'] as const) : [];
  if (slot.kind === 'body') return ['nul', 'long', 'type', ...date];
  return ['nul', 'long', ...date];
}

function poisonText(poison: Poison, original: string, noise: string): string {
  if (poison === 'nul') return `${original.slice(0, 8)}${noise}\u0000${original.slice(8)}`;
  if (poison === 'long') return `${original}${noise}`.padEnd(70_000, 'x');
  return (
    ['2024-02-30', '2024-13-45', '2023-02-29', '0000-01-01', '2026-11-21T25:00:00Z'][noise.length % 5] ??
    '2024-02-30'
  );
}

function setIn(target: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (
    Array.isArray(target) ? [...(target as unknown[])] : { ...(target as Record<string, unknown>) }
  ) as Record<string | number, unknown>;
  copy[head] = setIn(copy[head], rest, value);
  return copy;
}

/** Apply the spoilt values to a copy of the request. */
function spoil(req: Req, changes: { slot: Slot; poison: Poison; noise: string }[]): Req {
  const [first = '', query = ''] = req.url.split('?');
  let path = first;
  const search = new URLSearchParams(query);
  let payload = req.payload;
  let upload = req.upload ? { text: req.upload.text, fields: { ...req.upload.fields } } : undefined;
  for (const { slot, poison, noise } of changes) {
    if (slot.kind === 'path') {
      const segs = path.split('/');
      segs[slot.index] = encodeURIComponent(
        poisonText(poison, decodeURIComponent(segs[slot.index] ?? ''), noise)
      );
      path = segs.join('/');
    } else if (slot.kind === 'query') {
      search.set(slot.key, poisonText(poison, search.get(slot.key) ?? '', noise));
    } else if (slot.kind === 'body') {
      const value =
        poison === 'type'
          ? noise.length % 2
            ? { nested: [noise] }
            : [[noise]]
          : poisonText(poison, textOf(leafAt(payload, slot.path)), noise);
      payload = setIn(payload, slot.path, value);
    } else if (slot.kind === 'field' && upload) {
      upload.fields[slot.key] = poisonText(poison, upload.fields[slot.key] ?? '', noise);
    } else if (upload) {
      const lines = upload.text.split('\n');
      lines[1] = poison === 'nul' ? `${lines[1] ?? ''}\u0000${noise}` : `"${lines[1] ?? ''}`;
      upload = { ...upload, text: lines.join('\n') };
    }
  }
  const qs = search.toString();
  return {
    ...req,
    url: qs ? `${path}?${qs}` : path,
    ...(payload !== undefined ? { payload } : {}),
    ...(upload ? { upload } : {}),
  };
}

function textOf(leaf: unknown): string {
  return typeof leaf === 'string' || typeof leaf === 'number' || typeof leaf === 'boolean'
    ? String(leaf)
    : '';
}

function leafAt(value: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>(
    (v, k) => (v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined),
    value
  );
}

describe.each(ENGINES)('fuzzing every route with bad input on %s', (engine) => {
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

  it('answers every spoilt request with a 4xx and writes nothing', async () => {
    const routes = c.app.routeTable.filter((r) => !r.url.startsWith('/api/docs'));
    const problems: string[] = [];
    let tried = 0;
    for (const route of routes) {
      const key = `${route.method} ${route.url}`;
      const scenario = SCENARIOS[key];
      const base: Req = scenario
        ? await scenario.request(c.f.A, c)
        : {
            method: route.method as Req['method'],
            url: UNSCOPED_URL[key] ?? route.url,
            ...(key === 'POST /api/auth/login' ? { payload: { username: 'fuzz', password: 'x' } } : {}),
          };
      const slots = slotsOf(base, route.url);
      const before = await databaseDigest(c.db, ['login_throttle']);
      const change = fc.nat(slots.length - 1).chain((i) => {
        const slot = slots[i] as Slot;
        return fc.record({
          slot: fc.constant(slot),
          poison: fc.constantFrom(...poisonsFor(slot)),
          noise: fc.string({ maxLength: 12 }),
        });
      });
      await fc.assert(
        fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 3 }), fc.ipV4(), async (changes, ip) => {
          const req = spoil(base, changes);
          const res = await c.app.inject({
            ...toInject(req, { cookie: c.f.callers.admin }),
            remoteAddress: ip,
          });
          tried++;
          if (res.statusCode < 400 || res.statusCode >= 500) {
            problems.push(
              `${key} ${JSON.stringify(changes.map((ch) => [ch.slot, ch.poison]))}: ${res.statusCode} ${res.body.slice(0, 200)}`
            );
          }
        }),
        { numRuns: RUNS_PER_ROUTE, seed: SEED }
      );
      const changed = changedTables(before, await databaseDigest(c.db, ['login_throttle']));
      if (changed.length) problems.push(`${key}: spoilt requests changed ${changed.join(', ')}`);
    }
    console.info(`fuzz on ${engine}: ${tried} spoilt requests over ${routes.length} routes`);
    expect(problems.slice(0, 40)).toEqual([]);
    // Still signed in: no spoilt request was taken as a sign-out, so no later route answered 401 instead.
    expect(
      (await c.app.inject({ url: '/api/auth/me', headers: { cookie: c.f.callers.admin } })).statusCode
    ).toBe(200);
    // The time grows with the number of routes (each gets a digest of every table before and after).
  }, 300_000);
});
