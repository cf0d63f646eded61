/**
 * Route-walk scenarios of the resident routes: each request is aimed at a resident (or a pair, a
 * queued pair, a logged read) of the district walked, created fresh where the request changes it.
 */
import { residentIdCheckChar } from '@weijian/core';
import type { Db } from '../db/connection';
import { SYSTEM_ACTOR } from '../modules/audit';
import { catalogue } from '../modules/catalogue';
import { addOrgUnits } from '../modules/orgunits';
import { createResident, mergeResidents } from '../modules/residents';
import { testCipher } from './app';
import type { Ctx, Req, Scenario } from './route-scenarios';
import { fresh, type District } from './security-fixture';

/** The country-wide system user the fixtures act as. */
const FIXTURE_USER = { id: null, username: 'fixture', role: 'admin' as const, orgUnitCode: '100000' };

/**
 * A valid 18-digit resident ID, different for every n below 20,000,000: birth date 1950-01-01 plus
 * n mod 25,000 days (before 2019), sequence 100 plus n div 25,000.
 */
export function syntheticResidentId(n: number, region = '440304'): string {
  const d = new Date(Date.UTC(1950, 0, 1) + (n % 25_000) * 86_400_000)
    .toISOString()
    .slice(0, 10)
    .replace(/-/g, '');
  const body = `${region}${d}${String(100 + Math.floor(n / 25_000)).padStart(3, '0')}`;
  return `${body}${residentIdCheckChar(body)}`;
}

/** The birth date written in a synthetic ID. */
export const birthOf = (id: string): string => `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
const sexOf = (id: string): 'M' | 'F' => (Number(id.charAt(16)) % 2 === 1 ? 'M' : 'F');

const GIVEN = '安宁静雅晨曦明远思源嘉怡浩然子涵';

/** A name unique within a test process (two given-name characters chosen by n). */
export function walkName(n: number): string {
  const a = GIVEN.charAt(n % GIVEN.length);
  const b = GIVEN.charAt(Math.floor(n / GIVEN.length) % GIVEN.length);
  return `欧阳${a}${b}`;
}

function ctxOf(db: Db) {
  return {
    db,
    catalogue: catalogue(),
    now: () => new Date('2026-06-01T08:00:00Z'),
    fieldCipher: testCipher(),
  };
}

/** A resident of the district (street 1), optionally with a health record at its facility. */
export async function walkResident(
  db: Db,
  d: District,
  options: { record?: boolean; id?: boolean; name?: string } = {}
): Promise<number> {
  const n = fresh();
  const idNumber = syntheticResidentId(n + 20_000);
  const r = await createResident(ctxOf(db), FIXTURE_USER, {
    name: options.name ?? walkName(n),
    sex: options.id === false ? 'F' : sexOf(idNumber),
    birthDate: options.id === false ? '1990-05-05' : birthOf(idNumber),
    homeUnit: d.streets[0],
    phone: options.id === false ? '13512345678' : null,
    address: options.id === false ? '福田区一街道幸福路12号3栋502室' : null,
    identifiers: options.id === false ? [] : [{ kind: 'resident-id', value: idNumber }],
    recordFacility: options.record ? d.facility : null,
  });
  return r.id;
}

const cached = new WeakMap<Db, Map<string, number>>();

/** One resident per district and kind, for the scenarios that only read. */
async function sharedResident(db: Db, d: District, record: boolean): Promise<number> {
  const map = cached.get(db) ?? new Map<string, number>();
  cached.set(db, map);
  const key = `${d.label}:${String(record)}`;
  let id = map.get(key);
  if (id === undefined) {
    id = await walkResident(db, d, { record });
    map.set(key, id);
  }
  return id;
}

const json = (method: Req['method'], url: string, payload: unknown): Req => ({ method, url, payload });

/** Scenarios of every resident route. */
export const RESIDENT_SCENARIOS: Record<string, Scenario> = {
  'POST /api/residents': {
    permission: 'resident:write',
    request: (d) => {
      const id = syntheticResidentId(fresh() + 50_000);
      return json('POST', '/api/residents', {
        name: walkName(fresh()),
        sex: sexOf(id),
        birthDate: birthOf(id),
        homeUnit: d.streets[0],
        identifiers: [{ kind: 'resident-id', value: id }],
      });
    },
  },
  'GET /api/residents': {
    permission: 'resident:read',
    list: true,
    request: async (d, c) => {
      const map = cached.get(c.db) ?? new Map<string, number>();
      cached.set(c.db, map);
      if (!map.has(`${d.label}:same-name`)) {
        map.set(`${d.label}:same-name`, await walkResident(c.db, d, { name: '司马同名' }));
      }
      return { url: `/api/residents?q=${encodeURIComponent('司马同名')}` };
    },
  },
  'GET /api/residents/:id': {
    permission: 'resident:read',
    request: async (d, c) => ({ url: `/api/residents/${await sharedResident(c.db, d, false)}?purpose=care` }),
  },
  'PUT /api/residents/:id': {
    permission: 'resident:write',
    request: async (d, c) =>
      json('PUT', `/api/residents/${await walkResident(c.db, d)}`, { version: 1, phone: '13900001111' }),
  },
  'GET /api/residents/:id/health-record': {
    permission: 'resident:read',
    request: async (d, c) => ({
      url: `/api/residents/${await sharedResident(c.db, d, true)}/health-record`,
    }),
  },
  'PUT /api/residents/:id/health-record': {
    permission: 'resident:write',
    request: async (d, c) =>
      json('PUT', `/api/residents/${await walkResident(c.db, d)}/health-record`, {
        ownerUnit: d.facility,
        basic: { riskFactors: { smoking: 'never' } },
      }),
  },
  'POST /api/residents/:id/health-record/transfer': {
    permission: 'resident:write',
    request: async (d, c) => {
      const to = `T${d.label}${fresh()}`;
      await addOrgUnits(c.db, SYSTEM_ACTOR, [
        {
          code: to,
          name: '迁入社康站',
          level: 'facility',
          parentCode: d.streets[1],
          facilityType: '社区卫生服务站',
        },
      ]);
      const id = await walkResident(c.db, d, { record: true });
      return json('POST', `/api/residents/${id}/health-record/transfer`, { toUnit: to, reason: '搬家' });
    },
  },
  'POST /api/residents/:id/merge': {
    permission: 'resident:merge',
    request: async (d, c) => {
      const a = await walkResident(c.db, d);
      const b = await walkResident(c.db, d);
      return json('POST', `/api/residents/${a}/merge`, { mergedId: b, reason: '同一人重复建档' });
    },
  },
  'POST /api/resident-merges/:id/undo': {
    permission: 'resident:merge',
    request: async (d, c) => {
      const a = await walkResident(c.db, d);
      const b = await walkResident(c.db, d);
      const { mergeId } = await mergeResidents(ctxOf(c.db), FIXTURE_USER, a, b, '测试合并');
      return { method: 'POST', url: `/api/resident-merges/${mergeId}/undo` };
    },
  },
  'GET /api/resident-duplicates': {
    permission: 'resident:merge',
    list: true,
    request: () => ({ url: '/api/resident-duplicates' }),
  },
  'POST /api/resident-duplicates/:id/decide': {
    permission: 'resident:merge',
    request: async (d, c) => {
      const name = walkName(fresh());
      await walkResident(c.db, d, { id: false, name });
      const second = await createResident(ctxOf(c.db), FIXTURE_USER, {
        name,
        sex: 'F',
        birthDate: '1990-05-05',
        homeUnit: d.streets[0],
        phone: '13512345678',
        address: '福田区一街道幸福路12号3栋502室',
        identifiers: [],
      });
      const candidate = second.possibleDuplicates[0]?.candidateId ?? 0;
      return json('POST', `/api/resident-duplicates/${candidate}/decide`, { decision: 'distinct' });
    },
  },
  'GET /api/record-reads/review': {
    permission: 'record:review',
    list: true,
    request: () => ({ url: '/api/record-reads/review' }),
  },
  'POST /api/record-reads/:id/review': {
    permission: 'record:review',
    request: async (d, c) => {
      const resident = await walkResident(c.db, d);
      const read = await c.db
        .insertInto('record_reads')
        .values({
          user_id: d.userId,
          actor: d.username,
          resident_id: resident,
          purpose: 'care：急诊',
          break_glass: true,
          at: new Date('2026-05-30T02:00:00Z'),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return json('POST', `/api/record-reads/${read.id}/review`, { finding: 'justified' });
    },
  },
  'POST /api/residents/import': {
    permission: 'resident:write',
    request: (d) => {
      const id = syntheticResidentId(fresh() + 75_000);
      return {
        method: 'POST',
        url: '/api/residents/import',
        upload: {
          text: `姓名,性别,出生日期,身份证号,电话,住址,所属社区\n${walkName(fresh())},${sexOf(id) === 'M' ? '男' : '女'},${birthOf(id)},${id},,,${d.streets[0]}\n`,
          fields: {},
        },
      };
    },
  },
};

export type { Ctx };
