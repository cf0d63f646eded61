/**
 * A clinic's due list (应种/逾期/补种): the children whose home unit lies in the clinic's area (the
 * unit the clinic belongs to: its street or township), each with the doses core's `dueList` says
 * are due, overdue or to catch up on the day, most urgent first, paged.
 */
import {
  AppError,
  addDays,
  addSpan,
  dueList,
  type DoseStatus,
  type DueChild,
  type DuePage,
  type DueQuery,
} from '@weijian/core';
import type { FieldCipher } from '../../crypto/field-cipher';
import type { Db } from '../../db/connection';
import { pathWithin, showChild, type Caller } from './people';
import * as repo from './repository';
import { scheduleOn } from './schedule';

const LISTED: readonly DoseStatus[] = ['due', 'overdue', 'catch_up', 'not_yet_due', 'given', 'not_needed'];
const DEFAULT_STATUSES: DoseStatus[] = ['due', 'overdue', 'catch_up'];
/** Overdue and catch-up doses come before merely due ones at equal dates. */
const URGENCY: Record<DoseStatus, number> = {
  overdue: 0,
  catch_up: 1,
  due: 2,
  not_yet_due: 3,
  given: 4,
  not_needed: 5,
};

function statuses(text: string | undefined): DoseStatus[] {
  if (text === undefined || text.trim() === '') return DEFAULT_STATUSES;
  const parts = text.split(',').map((s) => s.trim());
  const bad = parts.filter((p) => !(LISTED as readonly string[]).includes(p));
  if (bad.length > 0) {
    throw new AppError('VALIDATION_FAILED', { zh: '状态无效', en: 'Invalid status' }, [
      {
        field: 'status',
        value: bad.join(','),
        message: { zh: `状态应为 ${LISTED.join('、')}`, en: `Status is one of ${LISTED.join(', ')}` },
      },
    ]);
  }
  return parts as DoseStatus[];
}

/** The area a clinic serves: its parent unit (a facility's street or township), else itself. */
function areaOf(unit: { code: string; path: string; level: string }): string {
  if (unit.level !== 'facility') return unit.code;
  const parts = unit.path.split('/').filter(Boolean);
  return parts.at(-2) ?? unit.code;
}

/**
 * The due list of a clinic in the caller's scope on a day (default: today).
 * @throws AppError NOT_FOUND for a clinic outside the scope, VALIDATION_FAILED for a bad status
 */
export async function clinicDueList(
  db: Db,
  cipher: FieldCipher | undefined,
  caller: Caller,
  today: string,
  q: DueQuery
): Promise<DuePage> {
  const wanted = statuses(q.status);
  const unit = await repo.unitRow(db, q.clinic);
  if (!unit || !pathWithin(unit.path, caller.orgUnitCode)) {
    throw new AppError('NOT_FOUND', {
      zh: `接种单位不存在或不在您的范围内：${q.clinic}`,
      en: `Unknown clinic or outside your scope: ${q.clinic}`,
    });
  }
  const asOf = q.asOf ?? today;
  const schedule = scheduleOn(asOf);
  const bornFrom = addDays(addSpan(asOf, { years: -(schedule.rules.catchUpBelow.years ?? 18) }), 1);
  const children = await repo.childrenOfArea(db, areaOf(unit), bornFrom, asOf);
  const doses = await repo.dosesOf(
    db,
    children.map((c) => c.id),
    false
  );
  const byChild = new Map<number, repo.DoseRow[]>();
  for (const d of doses) byChild.set(d.residentId, [...(byChild.get(d.residentId) ?? []), d]);
  const listed: { child: repo.ChildRow; doses: DueChild['doses']; first: string; urgency: number }[] = [];
  for (const child of children) {
    const given = (byChild.get(child.id) ?? [])
      .filter((d) => d.date <= asOf)
      .map((d) => ({ vaccine: d.vaccine, dose: d.dose, date: d.date }));
    const list = dueList(schedule, { birthDate: child.birthDate }, given, asOf);
    const picked = list.doses
      .filter((d) => wanted.includes(d.status))
      .map((d) => ({
        vaccine: d.vaccine,
        name: d.name,
        dose: d.dose,
        dueDate: d.dueDate,
        plannedDate: d.plannedDate,
        status: d.status,
      }));
    if (picked.length === 0) continue;
    const first = picked.reduce((m, d) => (d.dueDate < m ? d.dueDate : m), picked[0]?.dueDate ?? asOf);
    const urgency = Math.min(...picked.map((d) => URGENCY[d.status]));
    listed.push({ child, doses: picked, first, urgency });
  }
  listed.sort(
    (a, b) =>
      a.urgency - b.urgency || (a.first < b.first ? -1 : a.first > b.first ? 1 : a.child.id - b.child.id)
  );
  const start = (q.page - 1) * q.pageSize;
  return {
    clinic: q.clinic,
    asOf,
    total: listed.length,
    page: q.page,
    pageSize: q.pageSize,
    children: listed.slice(start, start + q.pageSize).map((l) => ({
      resident: showChild(l.child, caller, cipher),
      doses: l.doses,
    })),
  };
}
