/**
 * How the security tests call every route: for a scoped route, the request aimed at a district
 * (inside or outside the caller's scope) and the permission it needs; for an unscoped route, why
 * it has no scope. The route × role × scope walk and the fuzz test share this table.
 */
import type { FastifyInstance } from 'fastify';
import type { InjectOptions } from 'light-my-request';
import type { Permission } from '@weijian/core';
import type { Database } from '../db/connection';
import { SYSTEM_ACTOR } from '../modules/audit';
import { createUser } from '../modules/auth';
import { addOrgUnits } from '../modules/orgunits';
import { createCase } from '../modules/surveillance';
import { insertChild } from './imm-fixture';
import { EMERGENCY_SCENARIOS } from './emergency-scenarios';
import { FHIR_SCENARIOS } from './fhir-scenarios';
import { catalogue } from '../modules/catalogue';
import { submitReport } from '../modules/reporting';
import { multipart } from './multipart';
import { RESIDENT_SCENARIOS } from './resident-scenarios';
import { enrolledResident, insertResident } from './residents-fixture';
import { caseCard, fresh, insertSignal, type District, type SecurityFixture } from './security-fixture';

export interface Ctx {
  db: Database['db'];
  app: FastifyInstance;
  f: SecurityFixture;
}

/** How one route is walked: the permission it needs and the request aimed at a district. */
export interface Scenario {
  permission: Permission | 'signed-in';
  /** A list or a run over the caller's own scope: outside the scope means "B is left out". */
  list?: boolean;
  /** Statuses that count as working inside the scope (default 200). */
  ok?: number[];
  request: (d: District, c: Ctx) => Req | Promise<Req>;
}

/** A request as the scenarios describe it; an upload is kept as text and fields so the fuzzer can spoil them. */
export interface Req {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  payload?: unknown;
  upload?: { text: string; fields: Record<string, string> };
}

const json = (method: Req['method'], url: string, payload: unknown): Req => ({ method, url, payload });
const csvUpload = (url: string, text: string, fields: Record<string, string> = {}): Req => ({
  method: 'POST',
  url,
  upload: { text, fields },
});

/** The request to send. */
export function toInject(req: Req, headers: Record<string, string> = {}): InjectOptions {
  const base = { method: req.method ?? 'GET', url: req.url } as const;
  if (req.upload) {
    const m = multipart({ name: 'upload.csv', body: req.upload.text }, req.upload.fields);
    return { ...base, payload: m.payload, headers: { ...m.headers, ...headers } };
  }
  return {
    ...base,
    ...(req.payload !== undefined ? { payload: req.payload as InjectOptions['payload'] } : {}),
    headers,
  };
}

/** A dose the walk records at a clinic. */
const walkDose = (clinic: string) => ({
  vaccine: 'HepB',
  dose: 1,
  date: '2026-01-10',
  manufacturer: '走查企业',
  lot: 'WALK-1',
  site: 'right-deltoid',
  clinic,
  programme: true,
});

export const SCENARIOS: Record<string, Scenario> = {
  'POST /api/users': {
    permission: 'user:manage',
    request: (d) =>
      json('POST', '/api/users', {
        username: `walk.${fresh()}`,
        password: 'correct horse battery',
        role: 'viewer',
        orgUnit: d.district,
      }),
  },
  'GET /api/plans': { permission: 'plan:read', list: true, request: () => ({ url: '/api/plans' }) },
  'GET /api/plans/:id': { permission: 'plan:read', request: (d) => ({ url: `/api/plans/${d.plan}` }) },
  'POST /api/plans/import': {
    permission: 'plan:import',
    request: (d) =>
      csvUpload('/api/plans/import', 'name,target\n婴儿死亡率,≤2.5\n', {
        id: `walk-${fresh()}`,
        region: d.district,
        period: '2021-2025',
        baseYear: '2020',
        title: '测试规划',
      }),
  },
  'GET /api/orgunits': { permission: 'signed-in', list: true, request: () => ({ url: '/api/orgunits' }) },
  'POST /api/orgunits': {
    permission: 'user:manage',
    request: (d) =>
      json('POST', '/api/orgunits', {
        units: [{ code: `W${d.label}${fresh()}`, name: '新机构', level: 'facility', parent: d.streets[0] }],
      }),
  },
  'POST /api/orgunits/:code/move': {
    permission: 'user:manage',
    request: async (d, c) => {
      const code = `M${d.label}${fresh()}`;
      await addOrgUnits(c.db, SYSTEM_ACTOR, [
        { code, name: '待调整', level: 'facility', parentCode: d.streets[0] },
      ]);
      return json('POST', `/api/orgunits/${code}/move`, { parent: d.streets[1], validFrom: '2026-01-01' });
    },
  },
  'GET /api/dataSets/:code/form': {
    permission: 'data:read',
    request: (d) => ({ url: `/api/dataSets/MCH_MONTHLY/form?ou=${d.facility}&pe=202403` }),
  },
  'POST /api/dataValues': {
    permission: 'data:write',
    request: (d) =>
      json('POST', '/api/dataValues', {
        dataValues: [{ dataElement: 'LIVE_BIRTHS', orgUnit: d.facility, period: '202404', value: fresh() }],
      }),
  },
  'POST /api/dataValueSets': {
    permission: 'data:write',
    request: (d) =>
      json('POST', '/api/dataValueSets', {
        orgUnit: d.facility,
        period: '202405',
        dataValues: [{ dataElement: 'LIVE_BIRTHS', value: fresh() }],
      }),
  },
  'POST /api/dataValues/import': {
    permission: 'data:write',
    request: (d) =>
      csvUpload(
        '/api/dataValues/import',
        `数据元编码,机构编码,期间,数值\nLIVE_BIRTHS,${d.facility},202406,${fresh()}\n`
      ),
  },
  'GET /api/dataSets/:code/template.xlsx': {
    permission: 'data:read',
    request: (d) => ({ url: `/api/dataSets/MCH_MONTHLY/template.xlsx?ou=${d.district}&pe=202403` }),
  },
  'POST /api/approvals': {
    permission: 'data:approve',
    request: (d) =>
      json('POST', '/api/approvals', { dataSet: 'MCH_MONTHLY', orgUnit: d.facility, period: '202401' }),
  },
  'POST /api/approvals/unlock': {
    permission: 'data:approve',
    request: (d) =>
      json('POST', '/api/approvals/unlock', {
        dataSet: 'MCH_MONTHLY',
        orgUnit: d.facility,
        period: '202401',
        reason: '复核后重新填报',
      }),
  },
  'POST /api/submissions': {
    permission: 'data:write',
    request: (d) =>
      json('POST', '/api/submissions', {
        dataSet: 'SERVICES_MONTHLY',
        orgUnit: d.facility,
        period: '202401',
      }),
  },
  'POST /api/submissions/withdraw': {
    permission: 'data:write',
    request: async (d, c) => {
      const key = { dataSet: 'MCH_MONTHLY', orgUnit: d.facility, period: '202402' };
      await submitReport(
        c.db,
        catalogue(),
        { ...SYSTEM_ACTOR, at: new Date('2024-03-05T02:00:00Z') },
        d.district,
        key
      );
      return json('POST', '/api/submissions/withdraw', { ...key, reason: '更正后重报' });
    },
  },
  'GET /api/completeness': {
    permission: 'data:read',
    request: (d) => ({ url: `/api/completeness?dataSet=SERVICES_MONTHLY&ou=${d.district}&pe=202401` }),
  },
  'GET /api/completeness/periods': {
    permission: 'data:read',
    request: (d) => ({
      url: `/api/completeness/periods?dataSet=SERVICES_MONTHLY&ou=${d.district}&year=2024`,
    }),
  },
  'GET /api/completeness/export': {
    permission: 'data:read',
    request: (d) => ({
      url: `/api/completeness/export?dataSet=SERVICES_MONTHLY&ou=${d.district}&pe=202401&format=csv`,
    }),
  },
  'POST /api/notifications/sweep': {
    permission: 'user:manage',
    request: (d) => json('POST', '/api/notifications/sweep', { orgUnit: d.district }),
  },
  'GET /api/validation': {
    permission: 'data:read',
    request: (d) => ({ url: `/api/validation?ou=${d.district}&pe=2024` }),
  },
  'GET /api/outliers': {
    permission: 'data:read',
    request: (d) => ({ url: `/api/outliers?ou=${d.district}&pe=2024` }),
  },
  'GET /api/dataValues/history': {
    permission: 'data:read',
    request: (d) => ({ url: `/api/dataValues/history?de=LIVE_BIRTHS&ou=${d.facility}&pe=202403` }),
  },
  'GET /api/analytics': {
    permission: 'data:read',
    request: (d) => ({ url: `/api/analytics?dx=LIVE_BIRTHS&pe=2024&ou=${d.facility}` }),
  },
  'GET /api/analytics/explain': {
    permission: 'data:read',
    request: (d) => ({ url: `/api/analytics/explain?dx=IMR&pe=2024&ou=${d.district}` }),
  },
  'GET /api/plans/:id/evaluation': {
    permission: 'plan:read',
    request: (d) => ({ url: `/api/plans/${d.plan}/evaluation?year=2023` }),
  },
  'GET /api/plans/:id/rows/:key/trend': {
    permission: 'plan:read',
    request: (d) => ({ url: `/api/plans/${d.plan}/rows/${d.rowKey}/trend` }),
  },
  'GET /api/league': {
    permission: 'plan:read',
    list: true,
    request: () => ({ url: '/api/league?year=2023' }),
  },
  'GET /api/plans/:id/rules': {
    permission: 'plan:read',
    request: (d) => ({ url: `/api/plans/${d.plan}/rules` }),
  },
  'GET /api/plans/:id/cascade': {
    permission: 'plan:read',
    request: (d) => ({ url: `/api/plans/${d.plan}/cascade?year=2023` }),
  },
  'GET /api/plans/:id/checks': {
    permission: 'plan:read',
    request: (d) => ({ url: `/api/plans/${d.plan}/checks` }),
  },
  'GET /api/plans/:id/report': {
    permission: 'plan:read',
    request: (d) => ({ url: `/api/plans/${d.plan}/report?year=2023&format=html` }),
  },
  'GET /api/plans/:id/tasks': {
    permission: 'plan:read',
    request: (d) => ({ url: `/api/plans/${d.plan}/tasks` }),
  },
  'POST /api/plans/:id/tasks': {
    permission: 'plan:import',
    request: (d) =>
      json('POST', `/api/plans/${d.plan}/tasks`, { title: '落实', department: '医政科', dueYear: 2025 }),
  },
  'POST /api/plans/:id/tasks/:task/status': {
    permission: 'plan:import',
    request: (d) => json('POST', `/api/plans/${d.plan}/tasks/${d.taskId}/status`, { status: 'in_progress' }),
  },
  'GET /api/plans/:id/projects': {
    permission: 'plan:read',
    request: (d) => ({ url: `/api/plans/${d.plan}/projects` }),
  },
  'PUT /api/plans/:id/projects/:key': {
    permission: 'plan:import',
    request: (d) =>
      json('PUT', `/api/plans/${d.plan}/projects/${encodeURIComponent(d.projectKey)}`, { status: 'started' }),
  },
  'GET /api/surveillance/cases': {
    permission: 'surveillance:read',
    list: true,
    request: () => ({ url: '/api/surveillance/cases' }),
  },
  'POST /api/surveillance/cases': {
    permission: 'surveillance:report',
    request: (d) =>
      json('POST', '/api/surveillance/cases', caseCard(d.facility, d.streets[1], `WALK-${fresh()}`)),
  },
  'PUT /api/surveillance/cases/:id': {
    permission: 'surveillance:report',
    request: (d) =>
      json('PUT', `/api/surveillance/cases/${d.caseId}`, {
        card: caseCard(d.facility, d.streets[0], d.cardNo),
        reason: '订正现住址',
      }),
  },
  'POST /api/surveillance/cases/:id/revoke': {
    permission: 'surveillance:report',
    request: async (d, c) => {
      const id =
        d.label === 'A'
          ? await createCase(
              c.db,
              SYSTEM_ACTOR,
              d.district,
              caseCard(d.facility, d.streets[1], `REV-${fresh()}`)
            )
          : d.caseId;
      return json('POST', `/api/surveillance/cases/${id}/revoke`, { reason: '排除' });
    },
  },
  'GET /api/surveillance/cases/:id/history': {
    permission: 'surveillance:read',
    request: (d) => ({ url: `/api/surveillance/cases/${d.caseId}/history` }),
  },
  'POST /api/surveillance/syndromic': {
    permission: 'surveillance:report',
    request: (d) =>
      json('POST', '/api/surveillance/syndromic', {
        counts: [{ site: d.facility, syndrome: 'chc_respiratory', date: '2026-05-01', count: fresh() }],
      }),
  },
  'POST /api/surveillance/cases/import': {
    permission: 'surveillance:report',
    request: (d) =>
      csvUpload(
        '/api/surveillance/cases/import',
        `卡片编号,疾病名称,病例分类,发病日期,诊断时间,报告时间,报告单位,现住址单位\nIMP-${fresh()},influenza,clinical,2026-05-20,2026-05-21T02:00:00Z,2026-05-21T05:00:00Z,${d.facility},${d.streets[1]}\n`
      ),
  },
  'POST /api/surveillance/syndromic/import': {
    permission: 'surveillance:report',
    request: (d) =>
      csvUpload(
        '/api/surveillance/syndromic/import',
        `site,syndrome,date,count\n${d.facility},chc_diarrhoea,2026-05-02,${fresh()}\n`
      ),
  },
  'POST /api/surveillance/detect': {
    permission: 'surveillance:triage',
    list: true,
    request: () => json('POST', '/api/surveillance/detect', { date: '2026-05-31' }),
  },
  'GET /api/surveillance/signals': {
    permission: 'surveillance:read',
    list: true,
    request: () => ({ url: '/api/surveillance/signals' }),
  },
  'GET /api/surveillance/signals/:id': {
    permission: 'surveillance:read',
    request: (d) => ({ url: `/api/surveillance/signals/${d.signalId}` }),
  },
  'POST /api/surveillance/signals/:id/transition': {
    permission: 'surveillance:triage',
    request: async (d, c) => {
      const id = d.label === 'A' ? await insertSignal(c.db, d.streets[0], `walk_${fresh()}`) : d.signalId;
      return json('POST', `/api/surveillance/signals/${id}/transition`, { to: 'monitor' });
    },
  },
  'GET /api/surveillance/stats': {
    permission: 'surveillance:read',
    list: true,
    request: () => ({ url: '/api/surveillance/stats?date=2026-05-31' }),
  },
  'POST /api/residents/:id/immunizations': {
    permission: 'programme:write',
    request: async (d, c) => {
      const id = await insertChild(
        c.db,
        { birthDate: '2026-01-10', homeUnit: d.streets[0] },
        undefined,
        false
      );
      return json('POST', `/api/residents/${id}/immunizations`, walkDose(d.facility));
    },
  },
  'GET /api/residents/:id/immunizations': {
    permission: 'resident:read',
    request: async (d, c) => ({
      url: `/api/residents/${await insertChild(c.db, { birthDate: '2025-05-01', homeUnit: d.streets[0] }, undefined, false)}/immunizations`,
    }),
  },
  'POST /api/immunizations/:id/void': {
    permission: 'programme:write',
    request: async (d, c) => {
      const resident = await insertChild(
        c.db,
        { birthDate: '2026-01-10', homeUnit: d.streets[0] },
        undefined,
        false
      );
      const row = await c.db
        .insertInto('immunizations')
        .values({
          resident_id: resident,
          vaccine: 'HepB',
          dose: 1,
          date: '2026-01-10',
          manufacturer: '走查企业',
          lot: 'WALK-1',
          lot_norm: 'WALK1',
          site: 'right-deltoid',
          clinic_unit: d.facility,
          programme: true,
          recorded_by: 'walk',
          recorded_at: new Date('2026-01-10T02:00:00Z'),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return json('POST', `/api/immunizations/${row.id}/void`, { reason: '走查作废' });
    },
  },
  'GET /api/immunizations/lots': {
    permission: 'programme:write',
    list: true,
    request: () => ({ url: '/api/immunizations/lots?lot=walk-1' }),
  },
  'GET /api/immunizations/due': {
    permission: 'resident:read',
    request: (d) => ({ url: `/api/immunizations/due?clinic=${d.facility}&asOf=2026-05-31` }),
  },
  'POST /api/immunizations/import': {
    permission: 'programme:write',
    request: async (d, c) => {
      const id = await insertChild(
        c.db,
        { birthDate: '2026-01-10', homeUnit: d.streets[0] },
        undefined,
        false
      );
      return csvUpload(
        '/api/immunizations/import',
        `resident,vaccine,dose,date,manufacturer,lot,site,clinic,programme\n${id},HepB,1,2026-01-10,走查企业,WALK-2,right-deltoid,${d.facility},是\n`
      );
    },
  },
  'POST /api/referrals': {
    permission: 'programme:write',
    request: async (d, c) => {
      const residentId = await insertChild(
        c.db,
        { birthDate: '1960-03-01', homeUnit: d.streets[0] },
        undefined,
        false
      );
      const hospital = `H${d.label}${fresh()}`;
      await addOrgUnits(c.db, SYSTEM_ACTOR, [
        { code: hospital, name: '区医院', level: 'facility', parentCode: d.streets[1] },
      ]);
      return json('POST', '/api/referrals', {
        residentId,
        direction: 'up',
        from: d.facility,
        to: hospital,
        reason: '血压控制不佳',
      });
    },
  },
  'POST /api/referrals/:id/decision': {
    permission: 'programme:write',
    request: async (d, c) => {
      const residentId = await insertChild(
        c.db,
        { birthDate: '1960-03-01', homeUnit: d.streets[0] },
        undefined,
        false
      );
      const hospital = `H${d.label}${fresh()}`;
      await addOrgUnits(c.db, SYSTEM_ACTOR, [
        { code: hospital, name: '区医院', level: 'facility', parentCode: d.streets[1] },
      ]);
      const row = await c.db
        .insertInto('referrals')
        .values({
          resident_id: residentId,
          direction: 'down',
          from_unit: hospital,
          to_unit: d.facility,
          reason: '出院康复',
          discharge_plan: JSON.stringify({
            diagnosis: '脑梗死',
            summary: '好转出院',
            medications: [],
            followUp: '每周随访',
          }),
          status: 'sent',
          sent_by: 'walk',
          sent_at: new Date('2026-05-31T02:00:00Z'),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return json('POST', `/api/referrals/${row.id}/decision`, { action: 'accept' });
    },
  },
  'GET /api/referrals': {
    permission: 'resident:read',
    request: (d) => ({ url: `/api/referrals?facility=${d.facility}&box=incoming` }),
  },
  'GET /api/residents/:id/referrals': {
    permission: 'resident:read',
    request: async (d, c) => ({
      url: `/api/residents/${await insertChild(c.db, { birthDate: '1960-03-01', homeUnit: d.streets[0] }, undefined, false)}/referrals`,
    }),
  },
  'GET /api/users': { permission: 'user:manage', list: true, request: () => ({ url: '/api/users' }) },
  'POST /api/users/:id/password-reset': {
    permission: 'user:manage',
    request: async (d, c) => {
      const id =
        d.label === 'A'
          ? await createUser(c.db, SYSTEM_ACTOR, {
              username: `reset.${fresh()}`,
              password: 'correct horse battery',
              role: 'viewer',
              orgUnitCode: d.district,
            })
          : d.userId;
      return json('POST', `/api/users/${id}/password-reset`, { password: 'temporary pass 2026' });
    },
  },
  'DELETE /api/users/:id/sessions': {
    permission: 'user:manage',
    request: (d) => ({ method: 'DELETE', url: `/api/users/${d.userId}/sessions` }),
  },
  'GET /api/sessions': { permission: 'user:manage', list: true, request: () => ({ url: '/api/sessions' }) },
  'DELETE /api/sessions/:id': {
    permission: 'user:manage',
    ok: [200, 404],
    request: (d) => ({ method: 'DELETE', url: `/api/sessions/${d.sessionId}` }),
  },
  ...RESIDENT_SCENARIOS,
  ...FHIR_SCENARIOS,
  // Programmes: each call gets a resident of its own in the district (home unit and facility there).
  'GET /api/residents/:id/programmes': {
    permission: 'resident:read',
    request: async (d, c) => {
      const { residentId } = await enrolledResident(c.db, d.district, d.facility);
      return { url: `/api/residents/${residentId}/programmes` };
    },
  },
  'POST /api/residents/:id/enrolments': {
    permission: 'programme:write',
    request: async (d, c) => {
      const id = await insertResident(c.db, { birthDate: '1958-04-01', homeUnit: d.district });
      return json('POST', `/api/residents/${id}/enrolments`, {
        programme: 'HTN',
        start: '2026-02-01',
        facility: d.facility,
      });
    },
  },
  'POST /api/residents/:id/enrolments/end': {
    permission: 'programme:write',
    request: async (d, c) => {
      const { residentId } = await enrolledResident(c.db, d.district, d.facility);
      return json('POST', `/api/residents/${residentId}/enrolments/end`, {
        programme: 'HTN',
        date: '2026-05-01',
        reason: 'refused',
      });
    },
  },
  'POST /api/residents/:id/transfers': {
    permission: 'programme:write',
    request: async (d, c) => {
      const { residentId } = await enrolledResident(c.db, d.district, d.facility);
      const to = `${d.district}992F${String(fresh())}`;
      await addOrgUnits(c.db, SYSTEM_ACTOR, [
        {
          code: to,
          name: '转入社康站',
          level: 'facility',
          parentCode: d.streets[1],
          facilityType: '社区卫生服务站',
        },
      ]);
      return json('POST', `/api/residents/${residentId}/transfers`, {
        programme: 'HTN',
        date: '2026-04-01',
        toFacility: to,
      });
    },
  },
  'POST /api/residents/:id/events': {
    permission: 'programme:write',
    request: async (d, c) => {
      const { residentId } = await enrolledResident(c.db, d.district, d.facility);
      return json('POST', `/api/residents/${residentId}/events`, {
        programme: 'HTN',
        type: 'follow-up',
        date: '2026-05-02',
        fields: { mode: 'home', sbp: 128, dbp: 80, classification: 'controlled' },
      });
    },
  },
  'PATCH /api/residents/:id/events/:eventId': {
    permission: 'programme:write',
    request: async (d, c) => {
      const { residentId, eventId } = await enrolledResident(c.db, d.district, d.facility);
      return json('PATCH', `/api/residents/${residentId}/events/${eventId}`, {
        version: 1,
        fields: { mode: 'clinic', sbp: 145, dbp: 92, classification: 'uncontrolled' },
        reason: '录入错误',
      });
    },
  },
  'DELETE /api/residents/:id/events/:eventId': {
    permission: 'programme:write',
    request: async (d, c) => {
      const { residentId, eventId } = await enrolledResident(c.db, d.district, d.facility);
      return json('DELETE', `/api/residents/${residentId}/events/${eventId}`, {
        version: 1,
        reason: '重复录入',
      });
    },
  },
  ...EMERGENCY_SCENARIOS,
};

/** Routes without an org-unit scope, each with the reason; walked for every role all the same. */
export const UNSCOPED: Record<string, { reason: string; anonymous?: number; signedIn?: number | 'by-role' }> =
  {
    'GET /api/health': { reason: 'liveness probe, no data', anonymous: 200, signedIn: 200 },
    'POST /api/auth/login': { reason: 'signing in', signedIn: 401 },
    'POST /api/auth/logout': { reason: 'ends the caller’s own session only' },
    'GET /api/auth/me': { reason: 'the caller’s own account', anonymous: 401, signedIn: 200 },
    'GET /api/notifications': {
      reason: 'the caller’s own inbox, of notices about the caller’s own scope',
      anonymous: 401,
      signedIn: 200,
    },
    'POST /api/notifications/read': {
      reason: 'marks the caller’s own notifications read (the walk’s body names none: all of them)',
      anonymous: 401,
      signedIn: 200,
    },
    'GET /api/notifications/preferences': {
      reason: 'the caller’s own choices',
      anonymous: 401,
      signedIn: 200,
    },
    'POST /api/notifications/preferences': {
      // The walk's body names no kind of notification: refused by validation before anyone is asked.
      reason: 'the caller’s own choices',
      anonymous: 422,
      signedIn: 422,
    },
    'POST /api/auth/password': { reason: 'the caller’s own password', anonymous: 401, signedIn: 422 },
    'GET /api/targets/parse': {
      reason: 'parses the text given, reads no data',
      anonymous: 401,
      signedIn: 200,
    },
    'GET /api/catalogue': {
      reason: 'the national indicator catalogue, the same for everyone',
      anonymous: 401,
      signedIn: 200,
    },
    'GET /api/dataSets': {
      reason: 'data-set definitions, the same for everyone',
      anonymous: 401,
      signedIn: 200,
    },
    'GET /api/surveillance/diseases': {
      reason: 'the national notifiable-disease table',
      anonymous: 401,
      signedIn: 200,
    },
    'GET /api/admin/backup': {
      reason: 'the local command only (server token), refused to every signed-in role',
      anonymous: 401,
      signedIn: 403,
    },
    'GET /api/docs': { reason: 'API documentation, sign-in required', anonymous: 401, signedIn: 200 },
    'GET /api/programmes/rule-sets': {
      reason: 'catalogue data (event types and fields of the rule sets), no person in it',
      anonymous: 401,
      signedIn: 200,
    },
    'GET /fhir/R4/metadata': {
      reason:
        'the FHIR CapabilityStatement: what the facade supports, no data (FHIR clients read it before signing in)',
      anonymous: 200,
      signedIn: 200,
    },
    'GET /api/admin/programmes/verify': {
      reason:
        'the recount spans every resident: the local command only (server token), refused to every signed-in role',
      anonymous: 401,
      signedIn: 403,
    },
    'GET /api/jobs/:id': {
      reason: 'a job is visible to the user who started it (and admins); an unknown id answers 404',
      anonymous: 401,
      signedIn: 404,
    },
    'POST /api/demo/generate': {
      reason: 'demo data spans every plan region: national admins only, refused to every district caller',
      anonymous: 401,
      signedIn: 403,
    },
    'POST /api/demo/surveillance': {
      // The walk's body lacks the required region: refused by validation before anyone is asked.
      reason: 'demo data: national admins only, refused to every district caller',
      anonymous: 422,
      signedIn: 422,
    },
    'POST /api/demo/residents': {
      // The walk's body lacks the required region and size: refused by validation before anyone is asked.
      reason: 'demo population: national admins only, refused to every district caller',
      anonymous: 422,
      signedIn: 422,
    },
    'DELETE /api/demo': {
      reason: 'removes every synthetic row: national admins only, refused to every district caller',
      anonymous: 401,
      signedIn: 403,
    },
    'GET /api/docs/json': { reason: 'API documentation, sign-in required', anonymous: 401, signedIn: 200 },
    'GET /api/docs/yaml': { reason: 'API documentation, sign-in required', anonymous: 401, signedIn: 200 },
    'GET /api/docs/static/index.html': { reason: 'API documentation, sign-in required', anonymous: 401 },
    'GET /api/docs/static/swagger-initializer.js': {
      reason: 'API documentation, sign-in required',
      anonymous: 401,
      signedIn: 200,
    },
    'GET /api/docs/static/*': {
      reason: 'swagger-ui’s own script and style files, no API information',
      anonymous: 200,
    },
  };

export const UNSCOPED_URL: Record<string, string> = {
  'GET /api/targets/parse': '/api/targets/parse?text=%E2%89%A584.53',
  'GET /api/surveillance/diseases': '/api/surveillance/diseases?date=2026-05-31',
  'GET /api/docs/static/*': '/api/docs/static/swagger-ui.css',
  'POST /api/auth/password': '/api/auth/password',
  'GET /api/jobs/:id': '/api/jobs/999999',
};
