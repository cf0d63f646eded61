/**
 * Route-walk scenarios for the emergency routes. Each district gets its own event, team, holder
 * and lot (made once, by the system); writes that move a state forward get a fresh event or task
 * inside the caller's district so every role's call starts from the same state.
 */
import { SYSTEM_ACTOR } from '../modules/audit';
import { addEventTask, createHolder, createTeam, openEvent, receive } from '../modules/emergencies';
import type { District } from './security-fixture';
import { fresh } from './security-fixture';
import type { Ctx, Req, Scenario } from './route-scenarios';

const json = (method: Req['method'], url: string, payload: unknown): Req => ({ method, url, payload });

interface Things {
  event: number;
  team: number;
  holder: string;
  holder2: string;
  lot: number;
}
/** Per database (the walk runs once per engine), per district. */
const made = new WeakMap<object, Map<string, Things>>();

async function newEvent(c: Ctx, d: District): Promise<number> {
  return openEvent(c.db, { ...SYSTEM_ACTOR, at: new Date('2026-06-01T08:00:00Z') }, d.district, {
    title: `事件${fresh()}`,
    kind: 'infectious',
    unitCode: d.streets[0],
    discoveredAt: '2026-06-01T07:00:00Z',
  });
}

async function things(c: Ctx, d: District): Promise<Things> {
  const byDb = made.get(c.db) ?? new Map<string, Things>();
  made.set(c.db, byDb);
  const have = byDb.get(d.label);
  if (have) return have;
  const actor = { ...SYSTEM_ACTOR, at: new Date('2026-06-01T08:00:00Z') };
  const event = await newEvent(c, d);
  const team = await createTeam(c.db, actor, d.district, {
    name: `队伍${fresh()}`,
    category: 'infectious',
    level: 'district',
    unitCode: d.district,
  });
  const holder = `WK${d.label}${fresh()}`;
  const holder2 = `WK${d.label}${fresh()}`;
  for (const code of [holder, holder2]) {
    await createHolder(c.db, actor, d.district, {
      code,
      name: '仓库',
      kind: 'warehouse',
      level: 'district',
      unitCode: d.district,
      population: 10_000,
    });
  }
  // Lots expiring soon (inside the rotation window) so a rotation can be asked for.
  const lot = await receive(c.db, actor, d.district, {
    holder,
    item: 'n95',
    lotNo: `L${fresh()}`,
    quantity: 1_000_000,
    expiresOn: '2026-07-01',
  });
  const t = { event, team, holder, holder2, lot };
  byDb.set(d.label, t);
  return t;
}

/** Scenarios for every emergency route. */
export const EMERGENCY_SCENARIOS: Record<string, Scenario> = {
  'GET /api/emergencies/events': {
    permission: 'emergency:read',
    list: true,
    request: () => ({ url: '/api/emergencies/events' }),
  },
  'POST /api/emergencies/events': {
    permission: 'emergency:manage',
    request: (d) =>
      json('POST', '/api/emergencies/events', {
        title: `手工事件${fresh()}`,
        kind: 'food_poisoning',
        unitCode: d.streets[0],
        discoveredAt: '2026-06-01T07:00:00Z',
      }),
  },
  'GET /api/emergencies/events/:id': {
    permission: 'emergency:read',
    request: async (d, c) => ({ url: `/api/emergencies/events/${(await things(c, d)).event}` }),
  },
  'POST /api/emergencies/events/:id/transition': {
    permission: 'emergency:manage',
    request: async (d, c) => {
      const id = d.label === 'A' ? await newEvent(c, d) : (await things(c, d)).event;
      return json('POST', `/api/emergencies/events/${id}/transition`, { to: 'reported' });
    },
  },
  'POST /api/emergencies/events/:id/steps': {
    permission: 'emergency:manage',
    request: async (d, c) =>
      json('POST', `/api/emergencies/events/${(await things(c, d)).event}/steps`, {
        step: 'note',
        note: '备注',
      }),
  },
  'POST /api/emergencies/events/:id/cases': {
    permission: 'emergency:manage',
    request: async (d, c) =>
      json('POST', `/api/emergencies/events/${(await things(c, d)).event}/cases`, { caseIds: [d.caseId] }),
  },
  'POST /api/emergencies/events/:id/tasks': {
    permission: 'emergency:manage',
    request: async (d, c) => {
      const t = await things(c, d);
      return json('POST', `/api/emergencies/events/${t.event}/tasks`, {
        title: '任务',
        teamId: t.team,
        dueAt: '2026-06-02T08:00:00Z',
      });
    },
  },
  'POST /api/emergencies/tasks/:id/status': {
    permission: 'emergency:manage',
    request: async (d, c) => {
      const t = await things(c, d);
      const task = await addEventTask(
        c.db,
        { ...SYSTEM_ACTOR, at: new Date('2026-06-01T08:00:00Z') },
        d.district,
        t.event,
        {
          title: '任务',
          unitCode: d.facility,
          dueAt: '2026-06-02T08:00:00Z',
        }
      );
      return json('POST', `/api/emergencies/tasks/${task}/status`, { to: 'in_progress' });
    },
  },
  'POST /api/emergencies/events/:id/sitrep': {
    permission: 'emergency:manage',
    request: async (d, c) => ({
      method: 'POST',
      url: `/api/emergencies/events/${(await things(c, d)).event}/sitrep?lang=zh`,
    }),
  },
  'GET /api/emergencies/board': {
    permission: 'emergency:read',
    list: true,
    request: () => ({ url: '/api/emergencies/board' }),
  },
  'GET /api/emergencies/teams': {
    permission: 'emergency:read',
    list: true,
    request: () => ({ url: '/api/emergencies/teams' }),
  },
  'POST /api/emergencies/teams': {
    permission: 'emergency:manage',
    request: (d) =>
      json('POST', '/api/emergencies/teams', {
        name: `队伍${fresh()}`,
        category: 'psychological',
        level: 'district',
        unitCode: d.district,
      }),
  },
  'GET /api/emergencies/teams/indicators': {
    permission: 'emergency:read',
    list: true,
    request: () => ({ url: '/api/emergencies/teams/indicators?year=2026' }),
  },
  'GET /api/emergencies/teams/:id': {
    permission: 'emergency:read',
    request: async (d, c) => ({ url: `/api/emergencies/teams/${(await things(c, d)).team}` }),
  },
  'POST /api/emergencies/teams/:id/members': {
    permission: 'emergency:manage',
    request: async (d, c) =>
      json('POST', `/api/emergencies/teams/${(await things(c, d)).team}/members`, {
        name: '队员',
        role: 'nurse',
        phone: '13900000000',
      }),
  },
  'PUT /api/emergencies/teams/:id/equipment': {
    permission: 'emergency:manage',
    request: async (d, c) =>
      json('PUT', `/api/emergencies/teams/${(await things(c, d)).team}/equipment`, {
        items: [{ item: 'radio', held: 4 }],
      }),
  },
  'POST /api/emergencies/teams/:id/drills': {
    permission: 'emergency:manage',
    request: async (d, c) =>
      json('POST', `/api/emergencies/teams/${(await things(c, d)).team}/drills`, {
        heldOn: '2026-05-01',
        kind: 'tabletop',
        participants: 5,
      }),
  },
  'GET /api/emergencies/experts': {
    permission: 'emergency:read',
    list: true,
    request: () => ({ url: '/api/emergencies/experts' }),
  },
  'POST /api/emergencies/experts': {
    permission: 'emergency:manage',
    request: (d) =>
      json('POST', '/api/emergencies/experts', { name: '专家', speciality: '传染病', unitCode: d.facility }),
  },
  'GET /api/emergencies/reserve/stock': {
    permission: 'emergency:read',
    list: true,
    request: () => ({ url: '/api/emergencies/reserve/stock' }),
  },
  'GET /api/emergencies/reserve/indicators': {
    permission: 'emergency:read',
    list: true,
    request: () => ({ url: '/api/emergencies/reserve/indicators' }),
  },
  'POST /api/emergencies/reserve/holders': {
    permission: 'emergency:manage',
    request: (d) =>
      json('POST', '/api/emergencies/reserve/holders', {
        code: `HX${d.label}${fresh()}`,
        name: '医院',
        kind: 'facility',
        level: 'facility',
        unitCode: d.facility,
        beds: 50,
      }),
  },
  'POST /api/emergencies/reserve/receipts': {
    permission: 'emergency:manage',
    request: async (d, c) =>
      json('POST', '/api/emergencies/reserve/receipts', {
        holder: (await things(c, d)).holder2,
        item: 'chlorine',
        lotNo: `R${fresh()}`,
        quantity: 5,
      }),
  },
  'POST /api/emergencies/reserve/issues': {
    permission: 'emergency:manage',
    request: async (d, c) =>
      json('POST', '/api/emergencies/reserve/issues', {
        holder: (await things(c, d)).holder,
        item: 'n95',
        quantity: 1,
      }),
  },
  'POST /api/emergencies/reserve/transfers': {
    permission: 'emergency:manage',
    request: async (d, c) => {
      const t = await things(c, d);
      return json('POST', '/api/emergencies/reserve/transfers', {
        from: t.holder,
        to: t.holder2,
        item: 'n95',
        quantity: 1,
      });
    },
  },
  'POST /api/emergencies/reserve/rotations': {
    permission: 'emergency:manage',
    request: async (d, c) => {
      // A fresh lot near expiry each call, so every role's call finds something to rotate.
      const t = await things(c, d);
      const lot = await receive(c.db, { ...SYSTEM_ACTOR, at: new Date('2026-06-01T08:00:00Z') }, d.district, {
        holder: t.holder2,
        item: 'gown',
        lotNo: `G${fresh()}`,
        quantity: 3,
        expiresOn: '2026-07-01',
      });
      return json('POST', '/api/emergencies/reserve/rotations', { lotId: lot });
    },
  },
};
