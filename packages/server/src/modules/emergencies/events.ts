/**
 * Events through the lifecycle of the national emergency plan: opened from an escalated signal
 * (its cases and evidence attached) or by hand, then reported, verified, graded by the criteria
 * as data, responded to and closed with a summary. Every step is timed (the injected clock),
 * attributed, audited and kept on the timeline; deadlines are measured from the steps.
 */
import {
  AppError,
  countdowns,
  EVENT_TRANSITIONS,
  epidemicCurve,
  gradeRank,
  suggestGrade,
  taskOverdue,
  type EventDetail,
  type EventOpenInput,
  type EventRow,
  type EventStep,
  type EventTransitionInput,
  type GradingFact,
  type StepTimes,
} from '@weijian/core';
import type { Db } from '../../db/connection';
import { actedAt, type Actor, writeAudit } from '../audit';
import { unitInScope } from '../orgunits';
import { getSignal, listDiseaseVersions, versionAt } from '../surveillance';
import { emergencyCatalogues } from './catalogues';
import * as repo from './repository/events';
import { toTaskRow } from './tasks';

/** Days of cases before the signal date that come along with it. */
const SIGNAL_CASE_DAYS = 28;

function notFound(id: number): AppError {
  return new AppError('NOT_FOUND', {
    zh: `事件不存在或不在您的范围内：${id}`,
    en: `No such event in your scope: ${id}`,
  });
}

/** An event in the caller's scope, or NOT_FOUND. */
export async function eventInScope(db: Db, scope: string, id: number): Promise<repo.StoredEvent> {
  const e = await repo.eventInScope(db, scope, id);
  if (!e) throw notFound(id);
  return e;
}

/** Open an event, by hand or from a signal (one event per signal). */
export async function openEvent(db: Db, actor: Actor, scope: string, input: EventOpenInput): Promise<number> {
  const at = actedAt(actor);
  let unitCode = input.unitCode;
  let disease = input.disease ?? null;
  let evidence: unknown[] = [];
  let caseIds: number[] = [];
  if (input.signalId !== undefined) {
    const { signal } = await getSignal(db, scope, input.signalId);
    if (signal.status !== 'escalated' && signal.status !== 'investigating') {
      throw new AppError(
        'CONFLICT',
        {
          zh: `信号 ${signal.id} 尚未升级（当前「${signal.status}」），不能据此开启事件`,
          en: `Signal ${signal.id} has not been escalated (it is "${signal.status}")`,
        },
        [
          {
            field: 'signalId',
            value: input.signalId,
            message: { zh: '请先升级信号', en: 'escalate it first' },
          },
        ]
      );
    }
    const existing = await repo.eventOfSignal(db, signal.id);
    if (existing !== undefined) {
      throw new AppError(
        'CONFLICT',
        {
          zh: `信号 ${signal.id} 已开启事件 ${existing}`,
          en: `Signal ${signal.id} already has event ${existing}`,
        },
        [{ field: 'signalId', value: input.signalId, message: { zh: '已存在', en: 'exists' } }]
      );
    }
    unitCode ??= signal.unitCode;
    evidence = signal.evidence;
    const caseKeys = signal.evidence.flatMap((e) => (e.series?.kind === 'cases' ? [e.series] : []));
    disease ??= caseKeys[0]?.disease ?? null;
    if (disease) {
      caseIds = await repo.casesOfSignal(db, {
        disease,
        units: [...new Set(caseKeys.filter((k) => k.disease === disease).map((k) => k.unit))],
        last: signal.signalDate,
        days: SIGNAL_CASE_DAYS,
      });
      // Only cards of residents the caller may see come along.
      caseIds = await repo.casesInScope(db, scope, caseIds);
    }
  }
  if (!unitCode) {
    throw new AppError('VALIDATION_FAILED', { zh: '缺少事件发生地', en: 'The event’s unit is missing' }, [
      { field: 'unitCode', message: { zh: '请选择机构或区域', en: 'choose an org unit' } },
    ]);
  }
  await unitInScope(db, unitCode, scope);
  if (input.discoveredAt && Date.parse(input.discoveredAt) > at.getTime()) {
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: '发现时间晚于当前时间', en: 'Discovery time is in the future' },
      [
        {
          field: 'discoveredAt',
          value: input.discoveredAt,
          message: { zh: '不能晚于现在', en: 'not after now' },
        },
      ]
    );
  }
  const unit = unitCode;
  return db.transaction().execute(async (tx) => {
    const id = await repo.insertEvent(tx, {
      title: input.title,
      kind: input.kind,
      unitCode: unit,
      disease,
      signalId: input.signalId ?? null,
      description: input.description ?? null,
      evidence,
      discoveredAt: new Date(input.discoveredAt),
      openedBy: actor.name,
      openedAt: at,
    });
    await repo.insertStep(tx, {
      eventId: id,
      step: 'discovered',
      to: 'open',
      note: input.description ?? null,
      details: { signalId: input.signalId ?? null, cases: caseIds.length },
      actor: actor.name,
      at: new Date(input.discoveredAt),
    });
    const linked = await repo.linkCases(tx, id, caseIds);
    await writeAudit(tx, actor, {
      action: 'open',
      entity: 'emergency_event',
      entityId: String(id),
      details: { signalId: input.signalId ?? null, unitCode: unit, cases: linked },
    });
    return id;
  });
}

/** Facts for grading: what the officer gave, the case counts filled in from the linked cases. */
function gradingFacts(
  given: Partial<Record<GradingFact, number>>,
  onsets: readonly string[],
  today: string
): Partial<Record<GradingFact, number>> {
  const within = (days: number) =>
    onsets.filter((d) => Date.parse(`${today}T00:00:00Z`) - Date.parse(`${d}T00:00:00Z`) < days * 86_400_000)
      .length;
  return { casesWeek: within(7), casesIncubation: within(6), ...given };
}

/** One lifecycle step, checked against the workflow and the step's own rules. */
export async function transitionEvent(
  db: Db,
  actor: Actor,
  scope: string,
  id: number,
  step: EventTransitionInput
): Promise<void> {
  const event = await eventInScope(db, scope, id);
  const from = event.status;
  if (!EVENT_TRANSITIONS[from].includes(step.to)) {
    throw new AppError(
      'CONFLICT',
      {
        zh: `事件当前为「${from}」，不能转为「${step.to}」`,
        en: `An event in "${from}" cannot move to "${step.to}"`,
      },
      [
        {
          field: 'to',
          value: step.to,
          message: {
            zh: `可选：${EVENT_TRANSITIONS[from].join('、') || '无'}`,
            en: `allowed: ${EVENT_TRANSITIONS[from].join(', ') || 'none'}`,
          },
        },
      ]
    );
  }
  const at = actedAt(actor);
  const set: Parameters<typeof repo.updateEvent>[2] = { status: step.to };
  const details: Record<string, unknown> = {};
  if (step.to === 'graded') {
    const { criteria } = emergencyCatalogues();
    if (!step.grade || !step.criterion) {
      throw new AppError(
        'VALIDATION_FAILED',
        { zh: '分级须给出级别和依据的标准', en: 'Grading needs a grade and a criterion' },
        [{ field: step.grade ? 'criterion' : 'grade', message: { zh: '必填', en: 'required' } }]
      );
    }
    const criterion = criteria.find((c) => c.code === step.criterion);
    if (criterion?.grade !== step.grade) {
      throw new AppError(
        'VALIDATION_FAILED',
        {
          zh: `标准 ${step.criterion} 不属于 ${step.grade} 级`,
          en: `Criterion ${step.criterion} is not a grade ${step.grade} criterion`,
        },
        [
          {
            field: 'criterion',
            value: step.criterion,
            message: { zh: '标准与级别不符', en: 'criterion and grade differ' },
          },
        ]
      );
    }
    const suggestion = await suggestionFor(db, scope, event, step.facts ?? {}, at);
    // Grading below what the facts meet needs a written reason.
    if (suggestion.grade && gradeRank(step.grade) > gradeRank(suggestion.grade) && !step.note?.trim()) {
      throw new AppError(
        'VALIDATION_FAILED',
        {
          zh: `事实已满足 ${suggestion.grade} 级标准（${suggestion.criteria.join('、')}），定为 ${step.grade} 级须说明理由`,
          en: `The facts meet grade ${suggestion.grade} (${suggestion.criteria.join(', ')}); grading ${step.grade} needs a reason`,
        },
        [{ field: 'note', message: { zh: '请填写理由', en: 'give the reason' } }]
      );
    }
    set.grade = step.grade;
    set.criterion = step.criterion;
    Object.assign(details, {
      grade: step.grade,
      criterion: step.criterion,
      suggested: suggestion,
      facts: suggestion.facts,
    });
  }
  if (step.to === 'responding') {
    const level = step.responseLevel ?? event.grade;
    if (!level) {
      throw new AppError('VALIDATION_FAILED', { zh: '须给出响应级别', en: 'A response level is required' }, [
        { field: 'responseLevel', message: { zh: '必填', en: 'required' } },
      ]);
    }
    if (event.grade && level !== event.grade && !step.note?.trim()) {
      throw new AppError(
        'VALIDATION_FAILED',
        {
          zh: `响应级别与事件级别（${event.grade}）不同，须说明理由`,
          en: `A response level other than the grade (${event.grade}) needs a reason`,
        },
        [{ field: 'note', message: { zh: '请填写理由', en: 'give the reason' } }]
      );
    }
    set.responseLevel = level;
    details.responseLevel = level;
  }
  if (step.to === 'closed') {
    if (!step.summary?.trim()) {
      throw new AppError('VALIDATION_FAILED', { zh: '结案须填写总结', en: 'Closing needs a summary' }, [
        { field: 'summary', message: { zh: '必填', en: 'required' } },
      ]);
    }
    set.summary = step.summary;
  }
  await db.transaction().execute(async (tx) => {
    // Another step may have moved the event since it was read: check again under the lock.
    if ((await repo.lockEvent(tx, id)) !== from) {
      throw new AppError('CONFLICT', {
        zh: '事件状态已被他人更改，请刷新',
        en: 'The event changed meanwhile; reload it',
      });
    }
    await repo.updateEvent(tx, id, set);
    await repo.insertStep(tx, {
      eventId: id,
      step: step.to,
      from,
      to: step.to,
      note: step.note ?? step.summary ?? null,
      details,
      actor: actor.name,
      at,
    });
    await writeAudit(tx, actor, {
      action: 'transition',
      entity: 'emergency_event',
      entityId: String(id),
      details: { from, to: step.to, ...details },
    });
  });
}

/** A timeline step that leaves the status alone: the government informed, or a note. */
export async function addEventStep(
  db: Db,
  actor: Actor,
  scope: string,
  id: number,
  input: { step: 'government_notified' | 'note' | 'sitrep'; note: string; details?: Record<string, unknown> }
): Promise<void> {
  const event = await eventInScope(db, scope, id);
  if (event.status === 'closed' && input.step !== 'sitrep') {
    throw new AppError('CONFLICT', { zh: '事件已结案', en: 'The event is closed' });
  }
  await db.transaction().execute(async (tx) => {
    await repo.insertStep(tx, {
      eventId: id,
      step: input.step,
      note: input.note,
      details: input.details ?? {},
      actor: actor.name,
      at: actedAt(actor),
    });
    await writeAudit(tx, actor, {
      action: input.step,
      entity: 'emergency_event',
      entityId: String(id),
      details: input.details ?? {},
    });
  });
}

/** Link more case cards (in the caller's scope) to an event. */
export async function linkEventCases(
  db: Db,
  actor: Actor,
  scope: string,
  id: number,
  caseIds: readonly number[]
): Promise<number> {
  await eventInScope(db, scope, id);
  const unique = [...new Set(caseIds)];
  const found = new Set(await repo.casesInScope(db, scope, unique));
  const missing = unique.filter((c) => !found.has(c));
  if (missing.length) {
    throw new AppError(
      'VALIDATION_FAILED',
      {
        zh: '部分报告卡不存在、已删除或不在您的范围内',
        en: 'Some case cards do not exist, are revoked or lie outside your scope',
      },
      missing
        .slice(0, 50)
        .map((c) => ({ field: 'caseIds', value: c, message: { zh: '无此报告卡', en: 'no such card' } }))
    );
  }
  return db.transaction().execute(async (tx) => {
    const n = await repo.linkCases(tx, id, unique);
    await repo.insertStep(tx, {
      eventId: id,
      step: 'cases_linked',
      details: { caseIds: unique, added: n },
      actor: actor.name,
      at: actedAt(actor),
    });
    await writeAudit(tx, actor, {
      action: 'link_cases',
      entity: 'emergency_event',
      entityId: String(id),
      details: { caseIds: unique },
    });
    return n;
  });
}

async function suggestionFor(
  db: Db,
  _scope: string,
  event: repo.StoredEvent,
  given: Partial<Record<GradingFact, number>>,
  now: Date
) {
  const onsets = (await repo.lineList(db, [event.id])).map((c) => c.onsetDate);
  const facts = gradingFacts(given, onsets, now.toISOString().slice(0, 10));
  let diseaseClass: 'A' | 'B' | 'C' | 'other' | null = null;
  if (event.disease) {
    const v = versionAt(await listDiseaseVersions(db), event.disease, now.toISOString().slice(0, 10));
    diseaseClass = v?.class ?? null;
  }
  const s = suggestGrade(emergencyCatalogues().criteria, {
    kind: event.kind as EventOpenInput['kind'],
    disease: event.disease,
    diseaseClass,
    facts,
  });
  return { grade: s.grade, criteria: s.met.map((c) => c.code), facts };
}

/** Step times for the deadlines, from the timeline. */
function stepTimes(steps: readonly { step: string; at: string }[]): StepTimes {
  const out: Partial<Record<EventStep, Date[]>> = {};
  for (const s of steps) {
    const list = (out[s.step as EventStep] ??= []);
    list.push(new Date(s.at));
  }
  return out;
}

/** List rows for events, with missed deadlines, open and overdue tasks, and case counts. */
export async function eventRows(db: Db, events: readonly repo.StoredEvent[], now: Date): Promise<EventRow[]> {
  const ids = events.map((e) => e.id);
  const [steps, tasks, cases] = await Promise.all([
    repo.stepsOf(db, ids),
    repo.tasksOf(db, { eventIds: ids }),
    repo.lineList(db, ids),
  ]);
  const { deadlines } = emergencyCatalogues();
  return events.map((e) => {
    const own = steps.filter((s) => s.eventId === e.id);
    const open = tasks.filter(
      (t) => t.eventId === e.id && (t.status === 'assigned' || t.status === 'in_progress')
    );
    return {
      id: e.id,
      title: e.title,
      kind: e.kind as EventRow['kind'],
      unitCode: e.unitCode,
      unitName: e.unitName,
      disease: e.disease,
      status: e.status,
      grade: e.grade,
      responseLevel: e.responseLevel,
      signalId: e.signalId,
      discoveredAt: e.discoveredAt.toISOString(),
      openedBy: e.openedBy,
      synthetic: e.synthetic,
      missed: countdowns(deadlines, stepTimes(own), now).filter((c) => c.state === 'missed').length,
      openTasks: open.length,
      overdueTasks: open.filter((t) => taskOverdue({ status: t.status, dueAt: t.dueAt.toISOString() }, now))
        .length,
      cases: cases.filter((c) => c.eventId === e.id).length,
    };
  });
}

/** Events in scope (open ones only when asked). */
export async function listEvents(
  db: Db,
  scope: string,
  now: Date,
  q: { open?: boolean } = {}
): Promise<EventRow[]> {
  return eventRows(db, await repo.listEvents(db, scope, q), now);
}

/** One event with its timeline, countdowns, tasks, line list, curve and grading suggestion. */
export async function eventDetail(db: Db, scope: string, id: number, now: Date): Promise<EventDetail> {
  const e = await eventInScope(db, scope, id);
  const [[row], steps, tasks, lineList] = await Promise.all([
    eventRows(db, [e], now),
    repo.stepsOf(db, [id]),
    repo.tasksOf(db, { eventIds: [id] }),
    repo.lineList(db, [id]),
  ]);
  const { deadlines, criteria } = emergencyCatalogues();
  const suggestion = await suggestionFor(db, scope, e, {}, now);
  if (!row) throw notFound(id);
  return {
    event: { ...row, description: e.description, summary: e.summary, evidence: e.evidence },
    timeline: steps.map(({ eventId: _e, ...s }) => s),
    countdowns: countdowns(deadlines, stepTimes(steps), now),
    tasks: tasks.map((t) => toTaskRow(t, now)),
    lineList: lineList.map(({ eventId: _e, ...c }) => c),
    curve: epidemicCurve(lineList.map((c) => c.onsetDate)),
    suggestion: { grade: suggestion.grade, criteria: suggestion.criteria },
    criteria: criteria.map((c) => ({
      code: c.code,
      grade: c.grade,
      zh: c.zh,
      en: c.en,
      computable: c.when !== undefined,
    })),
  };
}
