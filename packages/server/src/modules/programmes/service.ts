/**
 * Programme saves: enrol, record, correct and void service events, transfer and end. Each save is
 * one transaction that locks the resident, checks the input against the rule set in force, writes
 * the row and its audit entry, and recomputes the resident (memberships, ±1 counts, next due).
 */
import {
  AppError,
  addDays,
  checkEligibility,
  ruleSetFor,
  validateEvent,
  type EndInput,
  type EnrolInput,
  type EventCorrection,
  type ProgrammeEventInput,
  type EventVoid,
  type FieldValue,
  type ProgrammeSaveResult,
  type RuleSet,
  type TransferInput,
} from '@weijian/core';
import type { Db } from '../../db/connection';
import { inTransaction } from '../../db/transaction';
import { actedAt, writeAudit, type Actor } from '../audit';
import { chinaDay, findOrgUnit, isWithin } from '../orgunits';
import { recomputeResidents, segmentKey, type Principal } from './recompute';
import {
  closeEnrolment,
  correctEvent,
  enrolmentsOf,
  findEvent,
  insertEnrolment,
  insertEvent,
  lockResidents,
  residentInScope,
  voidEvent,
  type EnrolmentRow,
  type ResidentRow,
} from './repository';
import { ruleSets } from './rule-sets';

const bad = (field: string, zh: string, en: string, value?: unknown): AppError =>
  new AppError('VALIDATION_FAILED', { zh, en }, [
    { field, ...(value !== undefined ? { value } : {}), message: { zh, en } },
  ]);

const conflict = (field: string, zh: string, en: string): AppError =>
  new AppError('CONFLICT', { zh, en }, [{ field, message: { zh, en } }]);

const notFound = (id: number): AppError =>
  new AppError('NOT_FOUND', {
    zh: `居民不存在或不在您的范围内：${id}`,
    en: `Unknown resident or outside your scope: ${id}`,
  });

function principalOf(actor: Actor): Principal {
  return { actor: actor.name, at: actedAt(actor) };
}

/**
 * Lock a resident for a save and check they exist, are in the caller's scope and still a record
 * of their own (not merged away).
 */
async function lockInScope(tx: Db, residentId: number, scope: string): Promise<ResidentRow> {
  const [r] = await lockResidents(tx, [residentId]);
  if (!r || !(await residentInScope(tx, residentId, scope))) throw notFound(residentId);
  if (r.status === 'merged') {
    throw conflict(
      'id',
      `该居民档案已合并到其他档案：${residentId}`,
      `This record was merged into another: ${residentId}`
    );
  }
  return r;
}

/** A facility (level facility) the caller may act at. */
async function facilityInScope(db: Db, code: string, scope: string, field: string): Promise<void> {
  const unit = await findOrgUnit(db, code);
  if (!unit || !(await isWithin(db, code, scope))) {
    throw new AppError(
      'NOT_FOUND',
      {
        zh: `机构不存在或不在您的范围内：${code}`,
        en: `Unknown org unit or outside your scope: ${code}`,
      },
      [{ field, value: code, message: { zh: '机构不在范围内', en: 'Unit outside your scope' } }]
    );
  }
  if (unit.level !== 'facility') {
    throw bad(field, `${code} 不是医疗卫生机构`, `${code} is not a facility`, code);
  }
}

function ruleSetOn(resident: ResidentRow, programme: string, date: string, field: string): RuleSet {
  const rs = ruleSetFor(ruleSets(), programme, resident.homeUnit, date);
  if (!rs) {
    throw bad(
      field,
      `${date} 没有生效的项目规则：${programme}`,
      `No rule set of programme ${programme} in force on ${date}`,
      programme
    );
  }
  return rs;
}

/** A date the person can have a service on: after birth, not after death, not in the future. */
function checkDay(resident: ResidentRow, date: string, today: string, field: string): void {
  if (date > today) {
    throw bad(field, `日期不能晚于今天（${today}）`, `The date cannot be after today (${today})`, date);
  }
  if (date < resident.birthDate) {
    throw bad(
      field,
      `日期早于出生日期（${resident.birthDate}）`,
      `The date is before birth (${resident.birthDate})`,
      date
    );
  }
  if (resident.deathDate !== null && date > resident.deathDate) {
    throw bad(
      field,
      `日期晚于死亡日期（${resident.deathDate}）`,
      `The date is after death (${resident.deathDate})`,
      date
    );
  }
}

async function segmentsOf(tx: Db, residentId: number, programme: string): Promise<EnrolmentRow[]> {
  return (await enrolmentsOf(tx, [residentId])).filter((e) => e.programme === programme);
}

async function finish(
  tx: Db,
  actor: Actor,
  residentId: number,
  programme: string,
  id: number
): Promise<ProgrammeSaveResult> {
  const changes = await recomputeResidents(tx, [residentId], principalOf(actor));
  const mine = changes.find((c) => c.residentId === residentId && c.programme === programme);
  return {
    id,
    changes: (mine?.deltas ?? []).map((d) => ({
      element: d.element,
      orgUnit: d.orgUnit,
      period: d.period,
      change: d.change,
    })),
    nextDue: mine?.due ?? { programme, active: false, items: [] },
  };
}

/**
 * Enrol a resident in a programme: a new segment at a facility, after the eligibility check. Joins
 * the caller's transaction when `db` is one (the FHIR transaction bundle).
 */
export async function enrol(
  db: Db,
  actor: Actor,
  scope: string,
  residentId: number,
  input: EnrolInput
): Promise<ProgrammeSaveResult> {
  return inTransaction(db, async (tx) => {
    const r = await lockInScope(tx, residentId, scope);
    const today = chinaDay(actedAt(actor));
    const rs = ruleSetOn(r, input.programme, input.start, 'programme');
    checkDay(r, input.start, today, 'start');
    await facilityInScope(tx, input.facility, scope, 'facility');
    if (r.sex === 'U') {
      throw bad(
        'sex',
        '性别未知，无法登记专项管理',
        'Sex is unknown: the resident cannot be enrolled',
        r.sex
      );
    }
    const eligible = checkEligibility(
      rs,
      { birthDate: r.birthDate, sex: r.sex, deathDate: r.deathDate, tags: r.tags },
      input.start
    );
    if (!eligible.met) {
      throw bad(
        'programme',
        `不符合${rs.name.zh}登记条件：${eligible.zh}`,
        `Not eligible for ${rs.name.en}: ${eligible.en}`,
        input.programme
      );
    }
    const overlapping = (await segmentsOf(tx, residentId, input.programme)).find(
      (s) => (s.end ?? '9999-12-31') >= input.start
    );
    if (overlapping) {
      throw conflict(
        'start',
        `已在管理中（自 ${overlapping.start}），请先结束或转出`,
        `Already under management (since ${overlapping.start}); end or transfer it first`
      );
    }
    const id = await insertEnrolment(tx, {
      residentId,
      programme: input.programme,
      start: input.start,
      ownerUnit: input.facility,
      episode: input.episode ?? null,
      actor: actor.name,
      at: actedAt(actor),
    });
    await writeAudit(tx, actor, {
      action: 'programme.enrol',
      entity: 'resident',
      entityId: String(residentId),
      details: { enrolment: id, programme: input.programme, start: input.start, facility: input.facility },
    });
    return finish(tx, actor, residentId, input.programme, id);
  });
}

/** The segment of a programme covering a date, or a validation error naming the field. */
function coveringSegment(segs: readonly EnrolmentRow[], date: string, field: string): EnrolmentRow {
  const seg = segs.filter((s) => s.start <= date && (s.end === null || date <= s.end)).at(-1);
  if (!seg) {
    throw bad(field, `${date} 不在管理期内`, `${date} is outside every period under management`, date);
  }
  return seg;
}

/**
 * Record a service event (validated against the rule set in force on its date). Joins the caller's
 * transaction when `db` is one.
 */
export async function recordEvent(
  db: Db,
  actor: Actor,
  scope: string,
  residentId: number,
  input: ProgrammeEventInput
): Promise<ProgrammeSaveResult> {
  return inTransaction(db, async (tx) => {
    const r = await lockInScope(tx, residentId, scope);
    const today = chinaDay(actedAt(actor));
    const rs = ruleSetOn(r, input.programme, input.date, 'programme');
    validateEvent(rs, { type: input.type, date: input.date, fields: input.fields });
    checkDay(r, input.date, today, 'date');
    const seg = coveringSegment(await segmentsOf(tx, residentId, input.programme), input.date, 'date');
    const facility = input.facility ?? seg.ownerUnit;
    if (input.facility !== undefined) await facilityInScope(tx, facility, scope, 'facility');
    const episode = rs.unit === 'episode' ? (input.episode ?? seg.episode ?? segmentKey(seg.id)) : null;
    const id = await insertEvent(tx, {
      residentId,
      programme: input.programme,
      type: input.type,
      date: input.date,
      fields: input.fields,
      facility,
      episode,
      actor: actor.name,
      at: actedAt(actor),
    });
    await writeAudit(tx, actor, {
      action: 'programme.event',
      entity: 'resident',
      entityId: String(residentId),
      details: { event: id, programme: input.programme, type: input.type, date: input.date },
    });
    return finish(tx, actor, residentId, input.programme, id);
  });
}

async function eventOf(tx: Db, residentId: number, eventId: number) {
  const e = await findEvent(tx, eventId);
  if (e?.residentId !== residentId) {
    throw new AppError('NOT_FOUND', {
      zh: `服务记录不存在：${eventId}`,
      en: `No such service event: ${eventId}`,
    });
  }
  if (e.voided) throw conflict('id', '该记录已作废', 'The event is already voided');
  return e;
}

const stale = (): AppError =>
  conflict(
    'version',
    '记录已被他人修改，请刷新后重试',
    'Someone changed the event since you read it; reload and retry'
  );

/** Correct an event: new date and/or fields, checked again; the version goes up, the old one is audited. */
export async function correctEventOf(
  db: Db,
  actor: Actor,
  scope: string,
  residentId: number,
  eventId: number,
  input: EventCorrection
): Promise<ProgrammeSaveResult> {
  return db.transaction().execute(async (tx) => {
    const r = await lockInScope(tx, residentId, scope);
    const e = await eventOf(tx, residentId, eventId);
    if (e.version !== input.version) throw stale();
    const today = chinaDay(actedAt(actor));
    const date = input.date ?? e.date;
    const fields = (input.fields ?? e.fields) as Record<string, FieldValue>;
    const rs = ruleSetOn(r, e.programme, date, 'date');
    validateEvent(rs, { type: e.type, date, fields });
    checkDay(r, date, today, 'date');
    coveringSegment(await segmentsOf(tx, residentId, e.programme), date, 'date');
    if (!(await correctEvent(tx, eventId, input.version, { date, fields, at: actedAt(actor) }))) {
      throw stale();
    }
    await writeAudit(tx, actor, {
      action: 'programme.event.correct',
      entity: 'resident',
      entityId: String(residentId),
      details: {
        event: eventId,
        version: input.version + 1,
        reason: input.reason,
        before: { date: e.date, fields: e.fields },
        after: { date, fields },
      },
    });
    return finish(tx, actor, residentId, e.programme, eventId);
  });
}

/** Void an event, with the reason; it stays on the record, marked, and counts no more. */
export async function voidEventOf(
  db: Db,
  actor: Actor,
  scope: string,
  residentId: number,
  eventId: number,
  input: EventVoid
): Promise<ProgrammeSaveResult> {
  return db.transaction().execute(async (tx) => {
    await lockInScope(tx, residentId, scope);
    const e = await eventOf(tx, residentId, eventId);
    if (e.version !== input.version) throw stale();
    if (!(await voidEvent(tx, eventId, input.version, input.reason, actedAt(actor)))) throw stale();
    await writeAudit(tx, actor, {
      action: 'programme.event.void',
      entity: 'resident',
      entityId: String(residentId),
      details: { event: eventId, reason: input.reason },
    });
    return finish(tx, actor, residentId, e.programme, eventId);
  });
}

function openSegment(segs: readonly EnrolmentRow[]): EnrolmentRow {
  const open = segs.find((s) => s.end === null);
  if (!open) {
    throw conflict(
      'programme',
      '该居民不在此项目管理中',
      'The resident is not under management in this programme'
    );
  }
  return open;
}

/** Transfer: the open segment ends the day before `date`; a new one opens at `toFacility` on `date`. */
export async function transfer(
  db: Db,
  actor: Actor,
  scope: string,
  residentId: number,
  input: TransferInput
): Promise<ProgrammeSaveResult> {
  return db.transaction().execute(async (tx) => {
    const r = await lockInScope(tx, residentId, scope);
    const today = chinaDay(actedAt(actor));
    ruleSetOn(r, input.programme, input.date, 'programme');
    checkDay(r, input.date, today, 'date');
    const open = openSegment(await segmentsOf(tx, residentId, input.programme));
    if (input.date <= open.start) {
      throw bad(
        'date',
        `转入日期须晚于本段开始日期（${open.start}）`,
        `The transfer date must be after the segment's start (${open.start})`,
        input.date
      );
    }
    const to = await findOrgUnit(tx, input.toFacility);
    if (to?.level !== 'facility') {
      throw bad(
        'toFacility',
        `转入机构不存在或不是医疗卫生机构：${input.toFacility}`,
        `Unknown facility: ${input.toFacility}`,
        input.toFacility
      );
    }
    if (to.code === open.ownerUnit) {
      throw bad('toFacility', '转入机构与当前机构相同', 'Same facility as now', input.toFacility);
    }
    await closeEnrolment(tx, open.id, addDays(input.date, -1), 'transferred-out');
    const id = await insertEnrolment(tx, {
      residentId,
      programme: input.programme,
      start: input.date,
      ownerUnit: to.code,
      // One episode across facilities: the new segment joins the old one's episode.
      episode: open.episode ?? segmentKey(open.id),
      actor: actor.name,
      at: actedAt(actor),
    });
    await writeAudit(tx, actor, {
      action: 'programme.transfer',
      entity: 'resident',
      entityId: String(residentId),
      details: {
        programme: input.programme,
        from: open.ownerUnit,
        to: to.code,
        date: input.date,
        closed: open.id,
        opened: id,
      },
    });
    return finish(tx, actor, residentId, input.programme, id);
  });
}

/** End management (death, moved away, diagnosis revised …) on `date`, the last day under management. */
export async function endEnrolment(
  db: Db,
  actor: Actor,
  scope: string,
  residentId: number,
  input: EndInput
): Promise<ProgrammeSaveResult> {
  return db.transaction().execute(async (tx) => {
    const r = await lockInScope(tx, residentId, scope);
    const today = chinaDay(actedAt(actor));
    const rs = ruleSetOn(r, input.programme, input.date, 'programme');
    if (!rs.enrolment.endReasons.some((x) => x.code === input.reason)) {
      throw bad(
        'reason',
        `结束原因应为：${rs.enrolment.endReasons.map((x) => x.name.zh).join('、')}`,
        `The reason must be one of: ${rs.enrolment.endReasons.map((x) => x.code).join(', ')}`,
        input.reason
      );
    }
    if (input.date > today) {
      throw bad(
        'date',
        `日期不能晚于今天（${today}）`,
        `The date cannot be after today (${today})`,
        input.date
      );
    }
    const open = openSegment(await segmentsOf(tx, residentId, input.programme));
    if (input.date < open.start) {
      throw bad(
        'date',
        `结束日期早于本段开始日期（${open.start}）`,
        `The end is before the segment's start (${open.start})`,
        input.date
      );
    }
    await closeEnrolment(tx, open.id, input.date, input.reason);
    await writeAudit(tx, actor, {
      action: 'programme.end',
      entity: 'resident',
      entityId: String(residentId),
      details: { programme: input.programme, enrolment: open.id, date: input.date, reason: input.reason },
    });
    return finish(tx, actor, residentId, input.programme, open.id);
  });
}
