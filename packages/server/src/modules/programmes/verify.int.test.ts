/**
 * Incremental equals recount, on both engines: a seeded random sequence of 360 steps —
 * enrolments, follow-ups and checks (some on one day), corrections, voids, transfers, ends,
 * deaths, death corrections, merges and unmerges (the listener called in a transaction, as the
 * residents module will) — then `verifyProgrammes` recounts every membership from the records
 * and must find the stored memberships, the registry values and their roll-ups equal. The outside
 * truth is the recount itself, from the rule engine over the raw rows; and a spoiled value must be
 * found, so the check can fail.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, addDays, mulberry32 } from '@weijian/core';
import { bootstrap } from '../../bootstrap';
import type { Database } from '../../db/connection';
import type { DB } from '../../db/types';
import { ENGINES, createTestDatabase } from '../../test/db';
import { addFacilities, insertResident } from '../../test/residents-fixture';
import { programmesListener } from './lifecycle';
import { correctEventOf, endEnrolment, enrol, recordEvent, transfer, voidEventOf } from './service';
import { verifyProgrammes } from './verify';

const DISTRICT = '440304';
const NOW = new Date('2026-06-01T04:00:00Z');
const actor = { userId: null, name: 'walker', at: NOW };
const principal = { actor: 'walker', at: NOW };

/** A date column as YYYY-MM-DD, whichever way the driver returns it. */
const ymd = (v: unknown): string =>
  v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);

function dayBetween(rand: () => number, from: string, to: string): string {
  const span = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
  return addDays(from, Math.floor(rand() * (span + 1)));
}

describe.each(ENGINES)('incremental equals recount on %s', (engine) => {
  let database: Database;
  let db: Kysely<DB>;
  let facilities: string[];
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    db = database.db;
    await bootstrap(db);
    const a = await addFacilities(db, DISTRICT, '971');
    const b = await addFacilities(db, DISTRICT, '972');
    facilities = [...a.facilities, ...b.facilities];
  });
  afterAll(async () => {
    await database.close();
  });

  it('stays equal through a seeded random sequence of 360 saves, deaths and merges', async () => {
    const rand = mulberry32(20260601);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
    const residents: number[] = [];
    for (let i = 0; i < 30; i++) {
      residents.push(
        await insertResident(db, {
          sex: i % 2 ? 'F' : 'M',
          birthDate: dayBetween(rand, '1935-01-01', '1990-12-31'),
          homeUnit: DISTRICT,
          synthetic: i % 5 === 0,
        })
      );
    }
    const merges: { survivor: number; merged: number; snapshot: unknown }[] = [];
    const done: Record<string, number> = {};
    const refused: Record<string, number> = {};
    const eventIds = async (id: number) =>
      db
        .selectFrom('programme_events')
        .select(['id', 'version', 'type', 'programme'])
        .where('resident_id', '=', id)
        .where('voided', '=', false)
        .execute();
    for (let step = 0; step < 360; step++) {
      const id = pick(residents);
      const programme = pick(['HTN', 'DM']);
      const segs = await db
        .selectFrom('programme_enrolments')
        .select(['start_date', 'end_date'])
        .where('resident_id', '=', id)
        .where('programme', '=', programme)
        .orderBy('start_date')
        .execute();
      const seg = segs.length ? pick(segs) : undefined;
      const open = segs.find((x) => x.end_date === null);
      // A date inside a segment (so that most events land), or anywhere when there is none.
      const inSegment = (): string =>
        seg
          ? dayBetween(rand, ymd(seg.start_date), seg.end_date ? ymd(seg.end_date) : '2026-06-01')
          : dayBetween(rand, '2023-01-01', '2026-06-01');
      const afterOpen = (): string =>
        open ? dayBetween(rand, addDays(ymd(open.start_date), 1), '2026-06-01') : '2026-06-01';
      const kind =
        segs.length === 0 && rand() < 0.8
          ? 'enrol'
          : pick([
              'enrol',
              'event',
              'event',
              'event',
              'event',
              'event',
              'event',
              'check',
              'check',
              'correct',
              'correct',
              'void',
              'transfer',
              'transfer',
              'end',
              'death',
              'undeath',
              'merge',
              'unmerge',
            ]);
      try {
        switch (kind) {
          case 'enrol':
            await enrol(db, actor, DISTRICT, id, {
              programme,
              start: dayBetween(rand, '2023-01-01', '2026-05-31'),
              facility: pick(facilities),
            });
            break;
          case 'event': {
            const sbp = 110 + Math.floor(rand() * 60);
            const fields: Record<string, string | number> = {
              mode: pick(['clinic', 'home', 'phone']),
              sbp,
              dbp: 70 + Math.floor(rand() * 30),
              classification: sbp < 140 ? 'controlled' : 'uncontrolled',
            };
            if (programme === 'DM') fields.fbg = Math.round((5 + rand() * 5) * 10) / 10;
            await recordEvent(db, actor, DISTRICT, id, {
              programme,
              type: 'follow-up',
              date: inSegment(),
              fields,
            });
            break;
          }
          case 'check':
            await recordEvent(db, actor, DISTRICT, id, {
              programme,
              type: 'health-check',
              date: inSegment(),
              fields: { complete: rand() < 0.8 },
            });
            break;
          case 'correct': {
            const e = (await eventIds(id)).filter((x) => x.type === 'follow-up');
            if (e.length === 0) continue;
            const x = pick(e);
            await correctEventOf(db, actor, DISTRICT, id, x.id, {
              version: x.version,
              date: inSegment(),
              reason: '更正',
            });
            break;
          }
          case 'void': {
            const e = await eventIds(id);
            if (e.length === 0) continue;
            const x = pick(e);
            await voidEventOf(db, actor, DISTRICT, id, x.id, { version: x.version, reason: '作废' });
            break;
          }
          case 'transfer':
            await transfer(db, actor, DISTRICT, id, {
              programme,
              date: afterOpen(),
              toFacility: pick(facilities),
            });
            break;
          case 'end':
            await endEnrolment(db, actor, DISTRICT, id, {
              programme,
              date: afterOpen(),
              reason: pick(['moved-away', 'refused']),
            });
            break;
          case 'death':
          case 'undeath':
            await db.transaction().execute(async (tx) => {
              await tx
                .updateTable('residents')
                .set({ death_date: kind === 'death' ? dayBetween(rand, '2025-06-01', '2026-06-01') : null })
                .where('id', '=', id)
                .execute();
              await programmesListener.residentsChanged(tx, [id], principal);
            });
            break;
          case 'merge': {
            if (rand() < 0.5) continue;
            const other = pick(residents.filter((r) => r !== id));
            const live = await db
              .selectFrom('residents')
              .select(['id', 'status'])
              .where('id', 'in', [id, other])
              .execute();
            if (live.some((r) => r.status === 'merged')) continue;
            await db.transaction().execute(async (tx) => {
              const snapshot = await programmesListener.merged(tx, id, other, principal);
              await tx
                .updateTable('residents')
                .set({ status: 'merged', merged_into: id })
                .where('id', '=', other)
                .execute();
              merges.push({ survivor: id, merged: other, snapshot });
            });
            break;
          }
          case 'unmerge': {
            const m = rand() < 0.5 ? merges.pop() : undefined;
            if (!m) continue;
            await db.transaction().execute(async (tx) => {
              await tx
                .updateTable('residents')
                .set({ status: 'active', merged_into: null })
                .where('id', '=', m.merged)
                .execute();
              await programmesListener.unmerged(tx, m.survivor, m.merged, m.snapshot, principal);
            });
            break;
          }
        }
        done[kind] = (done[kind] ?? 0) + 1;
      } catch (e) {
        if (!(e instanceof AppError) || e.status >= 500) throw e;
        if (process.env.WALK_DEBUG) console.info(kind, e.message);
        refused[kind] = (refused[kind] ?? 0) + 1;
      }
      if (step % 120 === 119) {
        const mid = await verifyProgrammes(db, NOW);
        expect(mid.differences.slice(0, 5), `after step ${step}`).toEqual([]);
      }
    }
    const report = await verifyProgrammes(db, NOW);
    expect(report.differences.slice(0, 5)).toEqual([]);
    expect(report.equal).toBe(true);
    console.info(
      `${engine}: done ${JSON.stringify(done)} refused ${JSON.stringify(refused)} memberships ${report.memberships} cells ${report.cells}`
    );
    // The walk did something: enough saves of every kind, and counts to compare.
    for (const k of ['enrol', 'event', 'correct', 'void', 'transfer', 'end', 'death', 'merge', 'unmerge']) {
      expect(done[k] ?? 0, k).toBeGreaterThan(0);
    }
    expect(report.memberships).toBeGreaterThan(20);

    // A spoiled value is found.
    const cell = await db
      .selectFrom('data_values')
      .select(['element', 'org_unit', 'period'])
      .where('source', '=', 'registry')
      .where('value', '>', 0)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('data_values')
      .set({ value: 999 })
      .where('element', '=', cell.element)
      .where('org_unit', '=', cell.org_unit)
      .where('period', '=', cell.period)
      .execute();
    const spoiled = await verifyProgrammes(db, NOW);
    expect(spoiled.equal).toBe(false);
    expect(spoiled.differences).toContainEqual(
      expect.objectContaining({
        kind: 'value',
        element: cell.element,
        orgUnit: cell.org_unit,
        period: cell.period,
        stored: 999,
      })
    );
  });
});
