/**
 * Incremental == recount: after a seeded random sequence of doses (on time, late, combination
 * and non-programme vaccines), voids, deaths and merges/unmerges, the coverage memberships and
 * counts kept by ±1 deltas equal a full recount from the records. A tampered value is caught,
 * so the check can fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, mulberry32 } from '@weijian/core';
import { bootstrap } from '../../bootstrap';
import type { Database } from '../../db/connection';
import { ENGINES, createTestDatabase } from '../../test/db';
import { insertChild } from '../../test/imm-fixture';
import { SYSTEM_ACTOR } from '../audit';
import { addOrgUnits } from '../orgunits';
import { refreshCoverage, verifyCoverage } from './coverage';
import { immunizationListener } from './listener';
import * as repo from './repository';

const TODAY = '2026-05-31';
const AT = new Date('2026-05-31T02:00:00Z');
const VACCINES: [string, number][] = [
  ['HepB', 1],
  ['HepB', 2],
  ['HepB', 3],
  ['BCG', 1],
  ['IPV', 1],
  ['IPV', 2],
  ['bOPV', 3],
  ['DTaP', 1],
  ['DTaP', 2],
  ['DTaP', 3],
  ['MMR', 1],
  ['JE-L', 1],
  ['JE-I', 1],
  ['MPSV-A', 1],
  ['HepA-L', 1],
  ['HepA-I', 1],
  ['PCV13', 1],
  ['DTaP-IPV/Hib', 1],
];

describe.each(ENGINES)('coverage recount on %s', (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await bootstrap(database.db);
    await addOrgUnits(database.db, SYSTEM_ACTOR, [
      { code: '440304901', name: '甲街道', level: 'street', parentCode: '440304' },
      { code: '440304902', name: '乙街道', level: 'street', parentCode: '440304' },
      { code: '440304901C', name: '门诊', level: 'facility', parentCode: '440304901' },
    ]);
  });
  afterAll(async () => {
    await database.close();
  });

  it('equals a recount after 40 random operations, and catches a tampered count', async () => {
    const db = database.db;
    const rand = mulberry32(20260531);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
    const ids: number[] = [];
    for (let i = 0; i < 8; i++) {
      const birth = addDays('2019-01-01', Math.floor(rand() * 2700));
      ids.push(await insertChild(db, { birthDate: birth, homeUnit: pick(['440304901', '440304902']) }, AT));
    }
    const merges: { survivor: number; merged: number; snapshot: unknown }[] = [];
    const principal = { actor: 'test', at: AT };
    for (let op = 0; op < 40; op++) {
      const r = rand();
      const id = pick(ids);
      await db.transaction().execute(async (tx) => {
        const [child] = await repo.findChildren(tx, [id]);
        if (!child || child.status !== 'active') return;
        if (r < 0.7) {
          const [vaccine, dose] = pick(VACCINES);
          const date = addDays(child.birthDate, Math.floor(rand() * 900));
          if (date > TODAY) return;
          await repo.insertDoses(tx, [
            {
              residentId: id,
              vaccine,
              dose,
              date,
              manufacturer: 'M',
              lot: 'L1',
              lotNorm: 'L1',
              expiry: null,
              site: vaccine === 'bOPV' ? 'oral' : 'left-thigh',
              clinic: '440304901C',
              programme: true,
              recordedBy: 'test',
              recordedAt: AT,
            },
          ]);
          await refreshCoverage(tx, [id], principal, TODAY);
        } else if (r < 0.8) {
          const doses = await repo.dosesOf(tx, [id], false);
          if (doses.length === 0) return;
          await repo.voidDose(tx, pick(doses).id, 'test', 'test', AT);
          await refreshCoverage(tx, [id], principal, TODAY);
        } else if (r < 0.85) {
          const death = addDays(child.birthDate, 30 + Math.floor(rand() * 1500));
          if (death > TODAY) return;
          await tx.updateTable('residents').set({ death_date: death }).where('id', '=', id).execute();
          await immunizationListener.residentsChanged(tx, [id], principal);
        } else if (r < 0.95) {
          const other = pick(ids);
          if (other === id) return;
          const [o] = await repo.findChildren(tx, [other]);
          if (o?.status !== 'active') return;
          await tx
            .updateTable('residents')
            .set({ status: 'merged', merged_into: id })
            .where('id', '=', other)
            .execute();
          const snapshot = await immunizationListener.merged(tx, id, other, principal);
          merges.push({ survivor: id, merged: other, snapshot });
        } else {
          const m = merges.pop();
          if (!m) return;
          await tx
            .updateTable('residents')
            .set({ status: 'active', merged_into: null })
            .where('id', '=', m.merged)
            .execute();
          await immunizationListener.unmerged(tx, m.survivor, m.merged, m.snapshot, principal);
        }
      });
    }
    const result = await verifyCoverage(db, TODAY, ids);
    expect(result.membershipMismatches).toEqual([]);
    expect(result.countMismatches).toEqual([]);
    expect(result.memberships).toBeGreaterThan(100);
    // Tamper with one stored count: the recount must notice.
    const cell = await db
      .selectFrom('data_values')
      .select(['element', 'org_unit', 'period'])
      .where('element', '=', 'IMM_HEPB_1_DUE')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('data_values')
      .set((eb) => ({ value: eb('value', '+', 1) }))
      .where('element', '=', cell.element)
      .where('org_unit', '=', cell.org_unit)
      .where('period', '=', cell.period)
      .execute();
    expect((await verifyCoverage(db, TODAY, ids)).ok).toBe(false);
  }, 300_000);
});
