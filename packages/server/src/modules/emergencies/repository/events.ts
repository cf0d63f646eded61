/**
 * SQL for events: the list and one event in scope, their steps, linked cases (the line list reads
 * the surveillance cards, without identifiers) and tasks. Rows leave in camelCase.
 */
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { EventStatus, EventTaskStatus, Grade, LineListRow, TimelineEntry } from '@weijian/core';
import type { DB } from '../../../db/types';
import { parseColumn } from '../../../db/json-column';

type Db = Kysely<DB>;
const inScope = (scope: string) => `%/${scope}/%`;

/** An event row as stored, with its unit's name. */
export interface StoredEvent {
  id: number;
  title: string;
  kind: string;
  unitCode: string;
  unitName: string;
  unitPath: string;
  disease: string | null;
  signalId: number | null;
  status: EventStatus;
  grade: Grade | null;
  criterion: string | null;
  responseLevel: Grade | null;
  description: string | null;
  summary: string | null;
  evidence: unknown[];
  discoveredAt: Date;
  openedBy: string;
  synthetic: boolean;
}

const eventColumns = [
  'e.id',
  'e.title',
  'e.kind',
  'e.unit_code',
  'o.name as unit_name',
  'o.path as unit_path',
  'e.disease_code',
  'e.signal_id',
  'e.status',
  'e.grade',
  'e.criterion',
  'e.response_level',
  'e.description',
  'e.summary',
  'e.evidence',
  'e.discovered_at',
  'e.opened_by',
  'e.synthetic',
] as const;

function toEvent(r: {
  id: number;
  title: string;
  kind: string;
  unit_code: string;
  unit_name: string;
  unit_path: string;
  disease_code: string | null;
  signal_id: number | null;
  status: string;
  grade: string | null;
  criterion: string | null;
  response_level: string | null;
  description: string | null;
  summary: string | null;
  evidence: unknown;
  discovered_at: Date;
  opened_by: string;
  synthetic: boolean;
}): StoredEvent {
  return {
    id: r.id,
    title: r.title,
    kind: r.kind,
    unitCode: r.unit_code,
    unitName: r.unit_name,
    unitPath: r.unit_path,
    disease: r.disease_code,
    signalId: r.signal_id,
    status: r.status as EventStatus,
    grade: r.grade as Grade | null,
    criterion: r.criterion,
    responseLevel: r.response_level as Grade | null,
    description: r.description,
    summary: r.summary,
    evidence: parseColumn(z.array(z.unknown()), r.evidence, {
      table: 'emergency_events',
      column: 'evidence',
      row: r.id,
    }),
    discoveredAt: new Date(r.discovered_at),
    openedBy: r.opened_by,
    synthetic: r.synthetic,
  };
}

/** Events whose unit lies in the scope, newest first. */
export async function listEvents(db: Db, scope: string, q: { open?: boolean }): Promise<StoredEvent[]> {
  let query = db
    .selectFrom('emergency_events as e')
    .innerJoin('org_units as o', 'o.code', 'e.unit_code')
    .select(eventColumns)
    .where('o.path', 'like', inScope(scope))
    .orderBy('e.discovered_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(500);
  if (q.open) query = query.where('e.status', '<>', 'closed');
  return (await query.execute()).map(toEvent);
}

/** One event in scope. */
export async function eventInScope(db: Db, scope: string, id: number): Promise<StoredEvent | undefined> {
  const r = await db
    .selectFrom('emergency_events as e')
    .innerJoin('org_units as o', 'o.code', 'e.unit_code')
    .select(eventColumns)
    .where('e.id', '=', id)
    .where('o.path', 'like', inScope(scope))
    .executeTakeFirst();
  return r ? toEvent(r) : undefined;
}

/** Lock an event's row for the length of a transaction, so two steps cannot interleave. */
export async function lockEvent(tx: Db, id: number): Promise<string | undefined> {
  const r = await tx
    .selectFrom('emergency_events')
    .select('status')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return r?.status;
}

/** The event opened from a signal, if any. */
export async function eventOfSignal(db: Db, signalId: number): Promise<number | undefined> {
  const r = await db
    .selectFrom('emergency_events')
    .select('id')
    .where('signal_id', '=', signalId)
    .executeTakeFirst();
  return r?.id;
}

export async function insertEvent(
  tx: Db,
  e: {
    title: string;
    kind: string;
    unitCode: string;
    disease: string | null;
    signalId: number | null;
    description: string | null;
    evidence: unknown[];
    discoveredAt: Date;
    openedBy: string;
    openedAt: Date;
    synthetic?: boolean;
  }
): Promise<number> {
  const r = await tx
    .insertInto('emergency_events')
    .values({
      title: e.title,
      kind: e.kind,
      unit_code: e.unitCode,
      disease_code: e.disease,
      signal_id: e.signalId,
      description: e.description,
      evidence: JSON.stringify(e.evidence),
      discovered_at: e.discoveredAt,
      opened_by: e.openedBy,
      opened_at: e.openedAt,
      synthetic: e.synthetic ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateEvent(
  tx: Db,
  id: number,
  set: Partial<{ status: string; grade: string; criterion: string; responseLevel: string; summary: string }>
): Promise<void> {
  await tx
    .updateTable('emergency_events')
    .set({
      ...(set.status !== undefined ? { status: set.status } : {}),
      ...(set.grade !== undefined ? { grade: set.grade } : {}),
      ...(set.criterion !== undefined ? { criterion: set.criterion } : {}),
      ...(set.responseLevel !== undefined ? { response_level: set.responseLevel } : {}),
      ...(set.summary !== undefined ? { summary: set.summary } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function insertStep(
  tx: Db,
  s: {
    eventId: number;
    step: string;
    from?: string | null;
    to?: string | null;
    note?: string | null;
    details?: Record<string, unknown>;
    actor: string;
    at: Date;
  }
): Promise<void> {
  await tx
    .insertInto('emergency_event_steps')
    .values({
      event_id: s.eventId,
      step: s.step,
      from_status: s.from ?? null,
      to_status: s.to ?? null,
      note: s.note ?? null,
      details: JSON.stringify(s.details ?? {}),
      actor: s.actor,
      at: s.at,
    })
    .execute();
}

/** Steps of several events, oldest first. */
export async function stepsOf(
  db: Db,
  eventIds: readonly number[]
): Promise<(TimelineEntry & { eventId: number })[]> {
  if (eventIds.length === 0) return [];
  const rows = await db
    .selectFrom('emergency_event_steps')
    .selectAll()
    .where('event_id', 'in', eventIds)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    eventId: r.event_id,
    step: r.step,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    note: r.note,
    details: parseColumn(z.record(z.string(), z.unknown()), r.details, {
      table: 'emergency_event_steps',
      column: 'details',
      row: r.id,
    }),
    actor: r.actor,
    at: new Date(r.at).toISOString(),
  }));
}

/** Link cases (already checked to be in scope); returns how many were new. */
export async function linkCases(tx: Db, eventId: number, caseIds: readonly number[]): Promise<number> {
  if (caseIds.length === 0) return 0;
  const r = await tx
    .insertInto('emergency_event_cases')
    .values(caseIds.map((c) => ({ event_id: eventId, case_id: c })))
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0);
}

/** Active cards whose residence lies in the scope, among the ids asked for. */
export async function casesInScope(db: Db, scope: string, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('case_reports as c')
    .innerJoin('org_units as r', 'r.code', 'c.residence_unit')
    .select('c.id')
    .where('c.id', 'in', ids)
    .where('c.status', '=', 'active')
    .where('r.path', 'like', inScope(scope))
    .execute();
  return rows.map((r) => r.id);
}

/**
 * The cases a signal points at: active cards of the signal's disease, residents of its units,
 * diagnosed within `days` days up to the signal date (China time).
 */
export async function casesOfSignal(
  db: Db,
  q: { disease: string; units: readonly string[]; last: string; days: number }
): Promise<number[]> {
  if (q.units.length === 0) return [];
  const rows = await db
    .selectFrom('case_reports as c')
    .select('c.id')
    .where('c.disease_code', '=', q.disease)
    .where('c.status', '=', 'active')
    .where('c.residence_unit', 'in', q.units)
    .where(
      sql<boolean>`(c.diagnosed_at at time zone 'Asia/Shanghai')::date between (${q.last}::date - ${q.days - 1}::int) and ${q.last}::date`
    )
    .execute();
  return rows.map((r) => r.id);
}

/** The line list of events' linked cases (no identifiers), by onset. */
export async function lineList(
  db: Db,
  eventIds: readonly number[]
): Promise<(LineListRow & { eventId: number })[]> {
  if (eventIds.length === 0) return [];
  const rows = await db
    .selectFrom('emergency_event_cases as l')
    .innerJoin('case_reports as c', 'c.id', 'l.case_id')
    .innerJoin('org_units as r', 'r.code', 'c.residence_unit')
    .select([
      'l.event_id',
      'c.id',
      'c.card_no',
      'c.disease_code',
      'c.case_type',
      sql<string>`c.onset_date::text`.as('onset_date'),
      'c.reported_at',
      'c.residence_unit',
      'r.name as residence_name',
      'c.sex',
      'c.age_years',
      'c.occupation',
      'c.synthetic',
    ])
    .where('l.event_id', 'in', eventIds)
    .where('c.status', '=', 'active')
    .orderBy('c.onset_date')
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({
    eventId: r.event_id,
    caseId: r.id,
    cardNo: r.card_no,
    disease: r.disease_code,
    caseType: r.case_type,
    onsetDate: r.onset_date,
    reportedAt: new Date(r.reported_at).toISOString(),
    residenceUnit: r.residence_unit,
    residenceUnitName: r.residence_name,
    sex: r.sex,
    ageYears: r.age_years,
    occupation: r.occupation,
    synthetic: r.synthetic,
  }));
}

/** A task as stored, with the names of its team and unit. */
export interface StoredTask {
  id: number;
  eventId: number;
  title: string;
  teamId: number | null;
  teamName: string | null;
  unitCode: string | null;
  unitName: string | null;
  dueAt: Date;
  status: EventTaskStatus;
  assignedBy: string;
  assignedAt: Date;
  doneAt: Date | null;
}

/** Tasks of several events (or one task by id), by due time. */
export async function tasksOf(
  db: Db,
  q: { eventIds?: readonly number[]; taskId?: number }
): Promise<StoredTask[]> {
  let query = db
    .selectFrom('emergency_tasks as t')
    .leftJoin('emergency_teams as m', 'm.id', 't.team_id')
    .leftJoin('org_units as u', 'u.code', 't.unit_code')
    .select([
      't.id',
      't.event_id',
      't.title',
      't.team_id',
      'm.name as team_name',
      't.unit_code',
      'u.name as unit_name',
      't.due_at',
      't.status',
      't.assigned_by',
      't.assigned_at',
      't.done_at',
    ])
    .orderBy('t.due_at')
    .orderBy('t.id');
  if (q.eventIds) {
    if (q.eventIds.length === 0) return [];
    query = query.where('t.event_id', 'in', q.eventIds);
  }
  if (q.taskId !== undefined) query = query.where('t.id', '=', q.taskId);
  return (await query.execute()).map((r) => ({
    id: r.id,
    eventId: r.event_id,
    title: r.title,
    teamId: r.team_id,
    teamName: r.team_name,
    unitCode: r.unit_code,
    unitName: r.unit_name,
    dueAt: new Date(r.due_at),
    status: r.status as EventTaskStatus,
    assignedBy: r.assigned_by,
    assignedAt: new Date(r.assigned_at),
    doneAt: r.done_at ? new Date(r.done_at) : null,
  }));
}

export async function insertTask(
  tx: Db,
  t: {
    eventId: number;
    title: string;
    teamId: number | null;
    unitCode: string | null;
    dueAt: Date;
    by: string;
    at: Date;
  }
): Promise<number> {
  const r = await tx
    .insertInto('emergency_tasks')
    .values({
      event_id: t.eventId,
      title: t.title,
      team_id: t.teamId,
      unit_code: t.unitCode,
      due_at: t.dueAt,
      assigned_by: t.by,
      assigned_at: t.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function setTaskStatus(tx: Db, id: number, status: string, doneAt: Date | null): Promise<void> {
  await tx.updateTable('emergency_tasks').set({ status, done_at: doneAt }).where('id', '=', id).execute();
}
