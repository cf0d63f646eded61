/**
 * The bulk path for programme records: enrolments and service events for many residents at once
 * (an import of visits, a demo population). Same guarantees as one save — every row checked
 * against the rule set in force with its row and field named, all or nothing in one transaction,
 * an audit row per resident touched, and counts kept equal to a recount — but set-wise: rows go in
 * many per statement, then the affected residents are recomputed in batches (facts loaded for the
 * whole batch, `assessAll` per resident, memberships diffed and replaced for the batch, the count
 * changes summed and applied once per batch with `data.applyDeltas`).
 */
import {
  AppError,
  assessAll,
  checkEligibility,
  eventIssues,
  membershipDeltas,
  ruleSetFor,
  tallyMemberships,
  type ErrorIssue,
  type FieldValue,
  type RuleSet,
} from '@weijian/core';
import type { Db } from '../../db/connection';
import { actedAt, writeAuditMany, type Actor, type AuditEntry } from '../audit';
import { applyDeltas, type CountDelta } from '../data';
import { IGNORE_PROGRESS, type ProgressReporter } from '../jobs';
import { chinaDay, findOrgUnit, unitPaths } from '../orgunits';
import { dueOf, dueRow, factsOf, type Principal } from './recompute';
import {
  enrolmentsOf,
  eventsOf,
  lockResidents,
  type EnrolmentRow,
  type EventRow,
  type ResidentRow,
} from './repository';
import * as bulk from './repository/bulk';
import { resolverForResident, ruleSets } from './rule-sets';

/** A new enrolment segment; `row` is where it came from (a file's row), for error messages. */
export interface BulkEnrolmentInput {
  row: number;
  residentId: number;
  programme: string;
  start: string;
  facility: string;
}

/** A new service event; the facility defaults to the owner of the segment covering its date. */
export interface BulkEventInput {
  row: number;
  residentId: number;
  programme: string;
  type: string;
  date: string;
  fields: Record<string, FieldValue>;
  facility?: string;
}

export interface BulkOptions {
  /** Check everything and write nothing. */
  dryRun?: boolean;
  /**
   * The caller's org unit: every resident (home unit or a segment's facility) and facility must
   * lie at or below it. Null for the local command and the demo (the whole tree).
   */
  scope: string | null;
  /** Residents recomputed per batch (facts loaded together, counts applied together). */
  batch?: number;
  report?: ProgressReporter;
  /** What the audit rows say the records came from (`visits-import`, `demo` …). */
  source: string;
}

export interface BulkResult {
  dryRun: boolean;
  residents: number;
  enrolments: number;
  events: number;
  /** Count cells changed (element × unit × period), summed over batches. */
  cellsChanged: number;
}

/** Most issues listed in one refusal (the count of all is in the message). */
const MAX_ISSUES = 1000;
const DEFAULT_BATCH = 2000;

const issue = (row: number, field: string, zh: string, en: string, value?: unknown): ErrorIssue => ({
  row,
  field,
  ...(value !== undefined ? { value } : {}),
  message: { zh, en },
});

function groupBy<T>(rows: readonly T[], key: (t: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/**
 * Check and write programme records for many residents in one transaction, then recompute them.
 * @throws AppError VALIDATION_FAILED listing every bad row and field; nothing is written
 */
export async function bulkLoad(
  db: Db,
  actor: Actor,
  input: { enrolments: readonly BulkEnrolmentInput[]; events: readonly BulkEventInput[] },
  options: BulkOptions
): Promise<BulkResult> {
  const report = options.report ?? IGNORE_PROGRESS;
  return db.transaction().execute(async (tx) => {
    const ids = [...new Set([...input.enrolments, ...input.events].map((r) => r.residentId))].sort(
      (a, b) => a - b
    );
    const checked = await check(tx, actor, ids, input, options, report);
    if (options.dryRun) {
      return {
        dryRun: true,
        residents: ids.length,
        enrolments: input.enrolments.length,
        events: input.events.length,
        cellsChanged: 0,
      };
    }
    const at = actedAt(actor);
    report({ done: 0, total: null, phase: { zh: '写入专项记录', en: 'writing programme records' } });
    const enrolments = await bulk.insertEnrolments(
      tx,
      input.enrolments.map((e) => ({
        residentId: e.residentId,
        programme: e.programme,
        start: e.start,
        end: null,
        endReason: null,
        ownerUnit: e.facility,
      })),
      actor.name,
      at
    );
    const events = await bulk.insertEvents(tx, checked.events, actor.name, at);
    const perResident = new Map<number, { enrolments: number; events: number }>();
    for (const e of input.enrolments) {
      const c = perResident.get(e.residentId) ?? { enrolments: 0, events: 0 };
      c.enrolments++;
      perResident.set(e.residentId, c);
    }
    for (const e of input.events) {
      const c = perResident.get(e.residentId) ?? { enrolments: 0, events: 0 };
      c.events++;
      perResident.set(e.residentId, c);
    }
    const entries: AuditEntry[] = [...perResident].map(([id, c]) => ({
      action: 'programme.bulk',
      entity: 'resident',
      entityId: String(id),
      details: { source: options.source, enrolments: c.enrolments, events: c.events },
    }));
    for (let i = 0; i < entries.length; i += 5000) {
      await writeAuditMany(tx, actor, entries.slice(i, i + 5000));
    }
    const cellsChanged = await recomputeMany(
      tx,
      ids,
      { actor: actor.name, at },
      { batch: options.batch ?? DEFAULT_BATCH, report }
    );
    return { dryRun: false, residents: ids.length, enrolments, events, cellsChanged };
  });
}

/** The rule set of a resident's programme on a date, or an issue. */
function ruleSetOn(r: ResidentRow, programme: string, date: string): RuleSet | undefined {
  return ruleSetFor(ruleSets(), programme, r.homeUnit, date);
}

/** Every check of the input, in batches of residents (locked for the rest of the transaction). */
async function check(
  tx: Db,
  actor: Actor,
  ids: readonly number[],
  input: { enrolments: readonly BulkEnrolmentInput[]; events: readonly BulkEventInput[] },
  options: BulkOptions,
  report: ProgressReporter
): Promise<{ events: bulk.NewEvent[] }> {
  const today = chinaDay(actedAt(actor));
  const issues: ErrorIssue[] = [];
  const facilities = await checkFacilities(tx, input, options.scope);
  const enrolmentsBy = groupBy(input.enrolments, (e) => e.residentId);
  const eventsBy = groupBy(input.events, (e) => e.residentId);
  const out: bulk.NewEvent[] = [];
  const batch = options.batch ?? DEFAULT_BATCH;
  const phase = { zh: '检查专项记录', en: 'checking programme records' };
  for (let i = 0; i < ids.length; i += batch) {
    report({ done: i, total: ids.length, phase });
    const part = ids.slice(i, i + batch);
    const residents = new Map((await lockResidents(tx, part)).map((r) => [r.id, r]));
    const existing = groupBy(await enrolmentsOf(tx, part), (e) => e.residentId);
    const inScope = await scopeOf(tx, options.scope, [...residents.values()], existing);
    for (const id of part) {
      const r = residents.get(id);
      const newEnrolments = enrolmentsBy.get(id) ?? [];
      const newEvents = eventsBy.get(id) ?? [];
      const rows = [...newEnrolments, ...newEvents];
      if (!r || !inScope(r)) {
        for (const x of rows) {
          issues.push(
            issue(
              x.row,
              'residentId',
              `居民不存在或不在您的范围内：${id}`,
              `Unknown resident or outside your scope: ${id}`,
              id
            )
          );
        }
        continue;
      }
      if (r.status === 'merged') {
        for (const x of rows) {
          issues.push(
            issue(
              x.row,
              'residentId',
              `该居民档案已合并到其他档案：${id}`,
              `This record was merged into another: ${id}`,
              id
            )
          );
        }
        continue;
      }
      const segments: { programme: string; start: string; end: string | null; owner: string }[] = (
        existing.get(id) ?? []
      ).map((s) => ({ programme: s.programme, start: s.start, end: s.end, owner: s.ownerUnit }));
      for (const e of newEnrolments) {
        const before = issues.length;
        const rs = ruleSetOn(r, e.programme, e.start);
        checkDay(r, e.start, today, e.row, 'start', issues);
        if (!rs) {
          issues.push(
            issue(
              e.row,
              'programme',
              `${e.start} 没有生效的项目规则：${e.programme}`,
              `No rule set of programme ${e.programme} in force on ${e.start}`,
              e.programme
            )
          );
        } else if (rs.unit !== 'resident') {
          issues.push(
            issue(
              e.row,
              'programme',
              `${rs.name.zh}按孕产期或疗程登记，不能批量导入`,
              `${rs.name.en} is counted by episode and cannot be loaded in bulk`,
              e.programme
            )
          );
        } else if (r.sex === 'U') {
          issues.push(
            issue(
              e.row,
              'sex',
              '性别未知，无法登记专项管理',
              'Sex is unknown: the resident cannot be enrolled',
              r.sex
            )
          );
        } else {
          const eligible = checkEligibility(
            rs,
            { birthDate: r.birthDate, sex: r.sex, deathDate: r.deathDate, tags: r.tags },
            e.start
          );
          if (!eligible.met) {
            issues.push(
              issue(
                e.row,
                'programme',
                `不符合${rs.name.zh}登记条件：${eligible.zh}`,
                `Not eligible for ${rs.name.en}: ${eligible.en}`,
                e.programme
              )
            );
          }
        }
        if (!facilities.has(e.facility)) {
          issues.push(
            issue(
              e.row,
              'facility',
              `机构不存在、不在您的范围内或不是医疗卫生机构：${e.facility}`,
              `Unknown facility or outside your scope: ${e.facility}`,
              e.facility
            )
          );
        }
        const overlapping = segments.find(
          (s) => s.programme === e.programme && (s.end ?? '9999-12-31') >= e.start
        );
        if (overlapping) {
          issues.push(
            issue(
              e.row,
              'start',
              `已在管理中（自 ${overlapping.start}），请先结束或转出`,
              `Already under management (since ${overlapping.start}); end or transfer it first`,
              e.start
            )
          );
        }
        if (issues.length === before) {
          segments.push({ programme: e.programme, start: e.start, end: null, owner: e.facility });
        }
      }
      for (const e of newEvents) {
        const rs = ruleSetOn(r, e.programme, e.date);
        if (!rs) {
          issues.push(
            issue(
              e.row,
              'programme',
              `${e.date} 没有生效的项目规则：${e.programme}`,
              `No rule set of programme ${e.programme} in force on ${e.date}`,
              e.programme
            )
          );
          continue;
        }
        if (rs.unit !== 'resident') {
          issues.push(
            issue(
              e.row,
              'programme',
              `${rs.name.zh}按孕产期或疗程登记，不能批量导入`,
              `${rs.name.en} is counted by episode and cannot be loaded in bulk`,
              e.programme
            )
          );
          continue;
        }
        for (const x of eventIssues(rs, { type: e.type, date: e.date, fields: e.fields })) {
          issues.push({ ...x, row: e.row });
        }
        checkDay(r, e.date, today, e.row, 'date', issues);
        const seg = segments
          .filter(
            (s) => s.programme === e.programme && s.start <= e.date && (s.end === null || e.date <= s.end)
          )
          .at(-1);
        if (!seg) {
          issues.push(
            issue(
              e.row,
              'date',
              `${e.date} 不在管理期内`,
              `${e.date} is outside every period under management`,
              e.date
            )
          );
          continue;
        }
        if (e.facility !== undefined && !facilities.has(e.facility)) {
          issues.push(
            issue(
              e.row,
              'facility',
              `机构不存在、不在您的范围内或不是医疗卫生机构：${e.facility}`,
              `Unknown facility or outside your scope: ${e.facility}`,
              e.facility
            )
          );
        }
        out.push({
          residentId: id,
          programme: e.programme,
          type: e.type,
          date: e.date,
          fields: e.fields,
          facility: e.facility ?? seg.owner,
        });
      }
    }
  }
  if (issues.length > 0) {
    issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    throw new AppError(
      'VALIDATION_FAILED',
      {
        zh: `有 ${issues.length} 处错误，未写入任何记录`,
        en: `${issues.length} error(s); nothing was written`,
      },
      issues.slice(0, MAX_ISSUES)
    );
  }
  return { events: out };
}

/** A date a person can have a service on: not in the future, not before birth, not after death. */
function checkDay(
  r: ResidentRow,
  date: string,
  today: string,
  row: number,
  field: string,
  issues: ErrorIssue[]
): void {
  if (date > today) {
    issues.push(
      issue(row, field, `日期不能晚于今天（${today}）`, `The date cannot be after today (${today})`, date)
    );
  } else if (date < r.birthDate) {
    issues.push(
      issue(
        row,
        field,
        `日期早于出生日期（${r.birthDate}）`,
        `The date is before birth (${r.birthDate})`,
        date
      )
    );
  } else if (r.deathDate !== null && date > r.deathDate) {
    issues.push(
      issue(
        row,
        field,
        `日期晚于死亡日期（${r.deathDate}）`,
        `The date is after death (${r.deathDate})`,
        date
      )
    );
  }
}

/** The facilities named in the input that exist, are facilities and lie in the scope. */
async function checkFacilities(
  tx: Db,
  input: { enrolments: readonly BulkEnrolmentInput[]; events: readonly BulkEventInput[] },
  scope: string | null
): Promise<Set<string>> {
  const codes = new Set<string>();
  for (const e of input.enrolments) codes.add(e.facility);
  for (const e of input.events) if (e.facility !== undefined) codes.add(e.facility);
  const paths = await unitPaths(tx, [...codes]);
  const ok = new Set<string>();
  for (const code of codes) {
    const path = paths.get(code);
    if (path === undefined || (scope !== null && !path.includes(`/${scope}/`))) continue;
    const unit = await findOrgUnit(tx, code);
    if (unit?.level === 'facility') ok.add(code);
  }
  return ok;
}

/** Whether residents are in the scope: home unit, or a segment's facility, at or below it. */
async function scopeOf(
  tx: Db,
  scope: string | null,
  residents: readonly ResidentRow[],
  segments: Map<number, EnrolmentRow[]>
): Promise<(r: ResidentRow) => boolean> {
  if (scope === null) return () => true;
  const units = new Set<string>();
  for (const r of residents) units.add(r.homeUnit);
  for (const list of segments.values()) for (const s of list) units.add(s.ownerUnit);
  const paths = await unitPaths(tx, [...units]);
  const within = (u: string) => (paths.get(u) ?? '').includes(`/${scope}/`);
  return (r) => within(r.homeUnit) || (segments.get(r.id) ?? []).some((s) => within(s.ownerUnit));
}

/**
 * Recompute residents in batches inside the caller's transaction: per batch, lock and load the
 * facts of every resident at once, assess each through the current year, replace the memberships
 * that changed, keep the next due contact, and apply the batch's summed count changes once.
 * @returns how many count cells changed, summed over batches
 */
export async function recomputeMany(
  tx: Db,
  residentIds: readonly number[],
  principal: Principal,
  options: { batch?: number; report?: ProgressReporter } = {}
): Promise<number> {
  const batch = options.batch ?? DEFAULT_BATCH;
  const report = options.report ?? IGNORE_PROGRESS;
  const ids = [...new Set(residentIds)].sort((a, b) => a - b);
  const today = chinaDay(principal.at);
  const year = Number(today.slice(0, 4));
  const phase = { zh: '重算专项指标', en: 'recomputing programme counts' };
  let cells = 0;
  for (let i = 0; i < ids.length; i += batch) {
    report({ done: i, total: ids.length, phase });
    const part = ids.slice(i, i + batch);
    const residents = await lockResidents(tx, part);
    const enrolments = groupBy(await enrolmentsOf(tx, part), (e) => e.residentId);
    const events = groupBy(await eventsOf(tx, part), (e) => e.residentId);
    const stored = groupBy(await bulk.membershipsOfMany(tx, part), (m) => m.residentId);
    const dueHeld = groupBy(await bulk.dueProgrammesOfMany(tx, part), (d) => d.residentId);
    const replaced: { residentId: number; programme: string }[] = [];
    const newRows: Parameters<typeof bulk.replaceMembershipsMany>[2][number][] = [];
    const dueRows: bulk.DueRow[] = [];
    const cleared: { residentId: number; programme: string }[] = [];
    const counts: CountDelta[] = [];
    for (const r of residents) {
      const mine = enrolments.get(r.id) ?? [];
      const myEvents = events.get(r.id) ?? [];
      const myStored = stored.get(r.id) ?? [];
      const programmes = new Set([
        ...mine.map((e) => e.programme),
        ...myStored.map((m) => m.programme),
        ...(dueHeld.get(r.id) ?? []).map((d) => d.programme),
      ]);
      for (const p of [...programmes].sort()) {
        const segs = mine.filter((e) => e.programme === p);
        const evs: EventRow[] = myEvents.filter((e) => e.programme === p);
        const before = myStored
          .filter((m) => m.programme === p)
          .flatMap((m) =>
            Array.from({ length: m.n }, () => ({ element: m.element, orgUnit: m.orgUnit, period: m.period }))
          );
        const facts = factsOf(r, segs, evs);
        const after = facts ? assessAll(resolverForResident(p, r.homeUnit), facts, year) : [];
        const deltas = membershipDeltas(before, after);
        if (deltas.length > 0) {
          replaced.push({ residentId: r.id, programme: p });
          for (const t of tallyMemberships(after).values()) {
            newRows.push({
              residentId: r.id,
              programme: p,
              element: t.element,
              orgUnit: t.orgUnit,
              period: t.period,
              n: t.change,
            });
          }
          for (const d of deltas) {
            counts.push({
              element: d.element,
              orgUnit: d.orgUnit,
              period: d.period,
              delta: d.change,
              synthetic: r.synthetic,
            });
          }
        }
        const due = dueRow(dueOf(p, r, segs, evs, today), segs, today, r.synthetic);
        if (due) dueRows.push({ residentId: r.id, programme: p, ...due });
        else cleared.push({ residentId: r.id, programme: p });
      }
    }
    await bulk.replaceMembershipsMany(tx, replaced, newRows);
    await bulk.setDueMany(tx, dueRows, cleared);
    const summed = new Map<string, CountDelta>();
    for (const c of counts) {
      const k = `${c.element}\u0000${c.orgUnit}\u0000${c.period}`;
      const prev = summed.get(k);
      if (prev) {
        prev.delta += c.delta;
        prev.synthetic ||= c.synthetic;
      } else summed.set(k, { ...c });
    }
    const changed = [...summed.values()].filter((c) => c.delta !== 0);
    cells += changed.length;
    await applyDeltas(tx, principal, changed, 'registry');
  }
  report({ done: ids.length, total: ids.length, phase });
  return cells;
}
