/**
 * SQL for signals and their workflow: the board, one signal, triage steps, storing a run's
 * signals, and what the outcomes teach. Rows leave in camelCase; the evidence is read through its
 * schema.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import { z } from 'zod';
import { signalEvidenceSchema, type SignalEvent, type SignalRow, type SignalStatusName } from '@weijian/core';
import type { DB, SignalOutcome, SignalTable } from '../../../db/types';
import { parseColumn } from '../../../db/json-column';

const evidenceSchema = z.array(signalEvidenceSchema);

const signalColumns = [
  's.id',
  's.unit_code',
  'o.name as unit_name',
  's.syndrome_group',
  's.topic',
  sql<string>`s.signal_date::text`.as('signal_date'),
  's.level',
  's.escalated',
  's.algorithm',
  's.observed',
  's.expected',
  's.upperbound',
  's.p_value',
  's.q_value',
  's.status',
  's.outcome',
  's.synthetic',
  's.created_at',
  's.updated_at',
  's.evidence',
] as const;

function toSignal(
  r: Omit<Selectable<SignalTable>, 'evidence'> & { unit_name: string; evidence: unknown }
): SignalRow {
  return {
    id: r.id,
    unitCode: r.unit_code,
    unitName: r.unit_name,
    syndromeGroup: r.syndrome_group,
    topic: r.topic,
    signalDate: r.signal_date,
    level: r.level,
    escalated: r.escalated,
    algorithm: r.algorithm,
    observed: r.observed,
    expected: r.expected,
    upperbound: r.upperbound,
    pValue: r.p_value,
    qValue: r.q_value,
    status: r.status,
    outcome: r.outcome,
    synthetic: r.synthetic,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    evidence: parseColumn(evidenceSchema, r.evidence, { table: 'signals', column: 'evidence', row: r.id }),
  };
}

/** The board: signals in scope, open ones first, escalated first, newest first. */
export async function listSignalRows(
  db: Kysely<DB>,
  scope: string,
  q: { status?: SignalStatusName | undefined; limit?: number | undefined }
): Promise<SignalRow[]> {
  let query = db
    .selectFrom('signals as s')
    .innerJoin('org_units as o', 'o.code', 's.unit_code')
    .select(signalColumns)
    .where('o.path', 'like', `%/${scope}/%`)
    .orderBy(sql`case when s.status in ('discarded', 'closed') then 1 else 0 end`)
    .orderBy('s.escalated', 'desc')
    .orderBy('s.signal_date', 'desc')
    .orderBy('s.id', 'desc')
    .limit(q.limit ?? 500);
  if (q.status) query = query.where('s.status', '=', q.status);
  return (await query.execute()).map(toSignal);
}

/** One signal whose unit lies within a scope. */
export async function signalInScope(
  db: Kysely<DB>,
  scope: string,
  id: number
): Promise<SignalRow | undefined> {
  const row = await db
    .selectFrom('signals as s')
    .innerJoin('org_units as o', 'o.code', 's.unit_code')
    .select(signalColumns)
    .where('s.id', '=', id)
    .where('o.path', 'like', `%/${scope}/%`)
    .executeTakeFirst();
  return row ? toSignal(row) : undefined;
}

/** A signal's workflow steps, oldest first. */
export async function signalEvents(db: Kysely<DB>, signalId: number): Promise<SignalEvent[]> {
  const rows = await db
    .selectFrom('signal_events')
    .select(['from_status', 'to_status', 'outcome', 'note', 'actor', 'at'])
    .where('signal_id', '=', signalId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((e) => ({
    fromStatus: e.from_status,
    toStatus: e.to_status,
    outcome: e.outcome,
    note: e.note,
    actor: e.actor,
    at: new Date(e.at).toISOString(),
  }));
}

/** Move a signal to a status (and outcome) and record the step. */
export async function insertTransition(
  db: Kysely<DB>,
  t: {
    signalId: number;
    from: SignalStatusName;
    to: SignalStatusName;
    outcome: SignalOutcome | null;
    note: string | null;
    actor: string;
    at: Date;
  }
): Promise<void> {
  await db
    .updateTable('signals')
    .set({ status: t.to, ...(t.outcome ? { outcome: t.outcome } : {}), updated_at: t.at })
    .where('id', '=', t.signalId)
    .execute();
  await db
    .insertInto('signal_events')
    .values({
      signal_id: t.signalId,
      from_status: t.from,
      to_status: t.to,
      outcome: t.outcome,
      note: t.note,
      actor: t.actor,
      at: t.at,
    })
    .execute();
}

/** What a detection run stores of one fused signal. */
export type SignalValues = Omit<
  SignalRow,
  'id' | 'unitName' | 'status' | 'outcome' | 'createdAt' | 'updatedAt'
>;

function signalColumnsOf(v: SignalValues) {
  return {
    unit_code: v.unitCode,
    syndrome_group: v.syndromeGroup,
    topic: v.topic,
    signal_date: v.signalDate,
    level: v.level,
    escalated: v.escalated,
    algorithm: v.algorithm,
    observed: v.observed,
    expected: v.expected,
    upperbound: v.upperbound,
    p_value: v.pValue,
    q_value: v.qValue,
    evidence: JSON.stringify(v.evidence),
    synthetic: v.synthetic,
  };
}

/**
 * An open signal of a unit and topic dated from `since` on (on exactly `on`, when given), which a
 * new alarm continues rather than raising another.
 */
export async function openSignal(
  db: Kysely<DB>,
  q: { unitCode: string; topic: string; since: string; on?: string }
): Promise<number | undefined> {
  const on = q.on;
  const row = await db
    .selectFrom('signals')
    .select(['id'])
    .where('unit_code', '=', q.unitCode)
    .where('topic', '=', q.topic)
    .where('status', 'in', ['new', 'monitor', 'escalated', 'investigating'])
    .where('signal_date', '>=', q.since)
    .where(on !== undefined ? sql<boolean>`signal_date = ${on}::date` : sql<boolean>`true`)
    .executeTakeFirst();
  return row?.id;
}

/** Replace a signal's figures and evidence with a later run's. */
export async function updateSignal(db: Kysely<DB>, id: number, v: SignalValues, at: Date): Promise<void> {
  await db
    .updateTable('signals')
    .set({ ...signalColumnsOf(v), updated_at: at })
    .where('id', '=', id)
    .execute();
}

/** Store a new signal; undefined when one of the unit, topic and date exists already. */
export async function insertSignal(db: Kysely<DB>, v: SignalValues, at: Date): Promise<number | undefined> {
  const row = await db
    .insertInto('signals')
    .values({ ...signalColumnsOf(v), created_at: at, updated_at: at })
    .onConflict((oc) => oc.columns(['unit_code', 'topic', 'signal_date']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** Judged signals (not single-case) per topic in scope between two days, and how many were real. */
export async function judgedByTopic(
  db: Kysely<DB>,
  q: { scope: string; after: string; until: string }
): Promise<{ topic: string; judged: number; real: number }[]> {
  return db
    .selectFrom('signals as s')
    .innerJoin('org_units as o', 'o.code', 's.unit_code')
    .select([
      's.topic',
      sql<number>`count(*)::int`.as('judged'),
      sql<number>`count(*) filter (where s.outcome = 'outbreak')::int`.as('real'),
    ])
    .where('o.path', 'like', `%/${q.scope}/%`)
    .where('s.outcome', 'is not', null)
    .where('s.algorithm', '!=', 'single-case')
    .where('s.signal_date', '>', q.after)
    .where('s.signal_date', '<=', q.until)
    .groupBy('s.topic')
    .execute();
}

/** Signals in scope up to a day, with when each was first answered (its first workflow step). */
export async function signalOutcomes(
  db: Kysely<DB>,
  scope: string,
  until: string
): Promise<
  {
    topic: string;
    algorithm: string;
    outcome: string | null;
    signalDate: string;
    createdAt: Date;
    firstAt: Date | null;
  }[]
> {
  const rows = await db
    .selectFrom('signals as s')
    .innerJoin('org_units as o', 'o.code', 's.unit_code')
    .leftJoin(
      db
        .selectFrom('signal_events')
        .select(['signal_id', sql<Date>`min(at)`.as('first_at')])
        .groupBy('signal_id')
        .as('e'),
      'e.signal_id',
      's.id'
    )
    .select([
      's.topic',
      's.algorithm',
      's.outcome',
      sql<string>`s.signal_date::text`.as('signal_date'),
      's.created_at',
      'e.first_at',
    ])
    .where('o.path', 'like', `%/${scope}/%`)
    .where('s.signal_date', '<=', until)
    .execute();
  return rows.map((r) => ({
    topic: r.topic,
    algorithm: r.algorithm,
    outcome: r.outcome,
    signalDate: r.signal_date,
    createdAt: new Date(r.created_at),
    firstAt: r.first_at ? new Date(r.first_at) : null,
  }));
}

/** Units with a case series or a sentinel site in scope. */
export async function monitoredUnits(db: Kysely<DB>, scope: string): Promise<number> {
  const r = await sql<{ n: number }>`
    select count(distinct u)::int as n from (
      select c.residence_unit as u from case_reports c join org_units o on o.code = c.residence_unit
        where o.path like ${`%/${scope}/%`}
      union
      select o.parent_code as u from syndromic_counts s join org_units o on o.code = s.site_unit
        where o.path like ${`%/${scope}/%`}
    ) units`.execute(db);
  return r.rows[0]?.n ?? 0;
}
