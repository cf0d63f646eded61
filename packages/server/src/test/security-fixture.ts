/**
 * Two districts for the security tests: Futian (440304), the callers' scope, and Guangming
 * (440311), outside it, each with its shipped plan, a street, a facility, a stored value (with
 * its audit trail), a case report, a signal, a task and a user. Guangming's data carries markers
 * ("bsecret", 7777251) that must never appear in an answer to a Futian caller.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { ROLES, type Role } from '@weijian/core';
import { bootstrap } from '../bootstrap';
import type { DB } from '../db/types';
import { SYSTEM_ACTOR } from '../modules/audit';
import { createUser } from '../modules/auth';
import { catalogue } from '../modules/catalogue';
import { writeValues } from '../modules/data';
import { addOrgUnits } from '../modules/orgunits';
import { addTask } from '../modules/projects';
import { createCase } from '../modules/surveillance';
import { signIn } from './app';

export interface District {
  label: 'A' | 'B';
  district: string;
  streets: [string, string];
  facility: string;
  plan: string;
  rowKey: string;
  projectKey: string;
  caseId: number;
  cardNo: string;
  signalId: number;
  taskId: number;
  userId: number;
  username: string;
  /** The session id (token hash) of a signed-in user of the district. */
  sessionId: string;
}

export interface SecurityFixture {
  A: District;
  B: District;
  /** Strings from B's data that an answer to an A caller must not contain. */
  markers: string[];
  callers: Record<Role, string>;
}

let counter = 0;
/** A number unique within the test process, for fresh codes and names. */
export const fresh = (): number => ++counter;

/** A case card as the API takes it. */
export function caseCard(facility: string, street: string, cardNo: string) {
  return {
    cardNo,
    disease: 'influenza',
    caseType: 'clinical' as const,
    onsetDate: '2026-05-20',
    diagnosedAt: '2026-05-21T02:00:00Z',
    reportedAt: '2026-05-21T05:00:00Z',
    reportingUnit: facility,
    residenceUnit: street,
    identifiers: { name: '测试', idNumber: '440304199001010011' },
  };
}

/** Insert a signal for a unit (status new). */
export async function insertSignal(db: Kysely<DB>, unit: string, topic: string): Promise<number> {
  const row = await db
    .insertInto('signals')
    .values({
      unit_code: unit,
      syndrome_group: 'respiratory',
      topic,
      signal_date: '2026-05-25',
      level: 'single',
      escalated: false,
      algorithm: 'earsC2',
      observed: 9,
      expected: 3,
      upperbound: 7,
      p_value: 0.001,
      q_value: 0.01,
      evidence: '[]',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function district(
  db: Kysely<DB>,
  app: FastifyInstance,
  label: 'A' | 'B',
  code: string,
  plan: string,
  secret: string
): Promise<District> {
  const streets: [string, string] = [`${code}991`, `${code}992`];
  const facility = `${code}991F1`;
  await addOrgUnits(db, SYSTEM_ACTOR, [
    { code: streets[0], name: `一街道${secret}`, level: 'street', parentCode: code },
    { code: streets[1], name: `二街道${secret}`, level: 'street', parentCode: code },
    {
      code: facility,
      name: `社康中心${secret}`,
      level: 'facility',
      parentCode: streets[0],
      facilityType: '社区卫生服务中心',
    },
  ]);
  const scope = { actor: 'fixture', scope: null };
  for (const value of [120, label === 'B' ? 7777251 : 130]) {
    await writeValues(
      db,
      catalogue(),
      scope,
      [
        [
          {
            row: 1,
            element: 'LIVE_BIRTHS',
            orgUnit: facility,
            period: '202403',
            value,
            comment: `备注${secret}`,
          },
        ],
      ],
      { dryRun: false, source: 'facility' }
    ).catch((e: unknown) => {
      throw new Error(JSON.stringify(e));
    });
  }
  const rowKey = (
    await db
      .selectFrom('plan_rows')
      .select('key')
      .where('plan_id', '=', plan)
      .orderBy('position')
      .executeTakeFirstOrThrow()
  ).key;
  const projectKey = (
    await db
      .selectFrom('plan_projects')
      .select('key')
      .where('plan_id', '=', plan)
      .orderBy('position')
      .executeTakeFirstOrThrow()
  ).key;
  const cardNo = `CARD-${secret}`;
  const caseId = await createCase(db, SYSTEM_ACTOR, code, caseCard(facility, streets[1], cardNo));
  const signalId = await insertSignal(db, streets[0], `topic_${secret}`);
  const taskId = await addTask(db, SYSTEM_ACTOR, code, plan, {
    title: `任务${secret}`,
    department: `科室${secret}`,
    dueYear: 2025,
    status: 'not_started',
  });
  const username = `user.${secret}`;
  const userId = await createUser(db, SYSTEM_ACTOR, {
    username,
    password: 'correct horse battery',
    role: 'viewer',
    orgUnitCode: code,
  });
  const session = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: 'correct horse battery' },
  });
  const token = /weijian_session=([^;]+)/.exec(String(session.headers['set-cookie']))?.[1] ?? '';
  const sessionId = createHash('sha256').update(token).digest('hex');
  return {
    label,
    district: code,
    streets,
    facility,
    plan,
    rowKey,
    projectKey,
    caseId,
    cardNo,
    signalId,
    taskId,
    userId,
    username,
    sessionId,
  };
}

/** Bootstrap the database (plans, catalogue, diseases) and build both districts and the callers. */
export async function buildSecurityFixture(db: Kysely<DB>, app: FastifyInstance): Promise<SecurityFixture> {
  await bootstrap(db);
  const A = await district(db, app, 'A', '440304', 'futian-2021', 'asecret');
  const B = await district(db, app, 'B', '440311', 'guangming-2021', 'bsecret');
  const callers = {} as Record<Role, string>;
  for (const role of ROLES) {
    callers[role] = (await signIn(db, app, role, A.district)).cookie;
  }
  return { A, B, markers: ['bsecret', '7777251', B.cardNo, B.plan, B.facility, B.sessionId], callers };
}

/** A digest of every table's rows: equal digests mean nothing was written. */
export async function databaseDigest(
  db: Kysely<DB>,
  skip: readonly string[] = []
): Promise<Map<string, string>> {
  const tables = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_class c
    WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace ORDER BY c.relname`.execute(db);
  const out = new Map<string, string>();
  for (const { name } of tables.rows) {
    if (skip.includes(name)) continue;
    const r = await sql<{ n: number; h: string | null }>`
      SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM ${sql.id(name)} t`.execute(
      db
    );
    out.set(name, `${r.rows[0]?.n ?? 0}:${r.rows[0]?.h ?? ''}`);
  }
  return out;
}

/** The tables whose digests differ. */
export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((t) => before.get(t) !== after.get(t));
}
