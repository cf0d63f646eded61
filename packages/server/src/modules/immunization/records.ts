/**
 * Dose records: record one (checked against the schedule, the clinic in the caller's scope), void
 * one with a reason, and read a child's doses with the due list. Every save refreshes the coverage
 * counts in its own transaction; every read of a child's record is logged.
 */
import {
  AppError,
  checkDoseRecord,
  dueList,
  normalizeLot,
  type DoseRecord,
  type ErrorIssue,
  type ImmunizationView,
  type ResidentImmunizations,
} from '@weijian/core';
import type { FieldCipher } from '../../crypto/field-cipher';
import type { Db } from '../../db/connection';
import { actorOf, writeAudit } from '../audit';
import { refreshCoverage } from './coverage';
import { existingChild, pathWithin, readableChild, showChild, type Caller } from './people';
import * as repo from './repository';
import { scheduleOn } from './schedule';

/** A dose as answers show it. */
export function doseView(d: repo.DoseRow): ImmunizationView {
  const schedule = scheduleOn(d.date);
  const v = schedule.vaccines.find((x) => x.code === d.vaccine);
  return {
    id: d.id,
    residentId: d.residentId,
    vaccine: d.vaccine,
    vaccineName: v ? v.name : { zh: d.vaccine, en: d.vaccine },
    dose: d.dose,
    date: d.date,
    manufacturer: d.manufacturer,
    lot: d.lot,
    expiry: d.expiry,
    site: d.site,
    clinic: d.clinic,
    programme: d.programme,
    voided: d.voided,
    voidReason: d.voidReason,
    recordedBy: d.recordedBy,
  };
}

/**
 * Everything wrong with one dose for one child, each issue naming its field (and row, for an
 * import): the schedule's checks, the date between birth and today, the clinic a facility in the
 * caller's scope.
 */
export async function doseIssues(
  db: Db,
  child: repo.ChildRow,
  record: DoseRecord,
  scope: string,
  today: string,
  row?: number
): Promise<ErrorIssue[]> {
  const at = row === undefined ? {} : { row };
  const issues: ErrorIssue[] = checkDoseRecord(scheduleOn(record.date), record).map((i) => ({ ...at, ...i }));
  if (record.date > today) {
    issues.push({
      ...at,
      field: 'date',
      value: record.date,
      message: {
        zh: `接种日期 ${record.date} 晚于今天 ${today}`,
        en: `Date ${record.date} is after today (${today})`,
      },
    });
  }
  if (record.date < child.birthDate) {
    issues.push({
      ...at,
      field: 'date',
      value: record.date,
      message: {
        zh: `接种日期 ${record.date} 早于出生日期 ${child.birthDate}`,
        en: `Date ${record.date} is before the birth date ${child.birthDate}`,
      },
    });
  }
  const clinic = await repo.unitRow(db, record.clinic);
  if (!clinic || !pathWithin(clinic.path, scope)) {
    issues.push({
      ...at,
      field: 'clinic',
      value: record.clinic,
      message: {
        zh: `接种单位不存在或不在您的范围内：${record.clinic}`,
        en: `Unknown clinic or outside your scope: ${record.clinic}`,
      },
    });
  } else if (clinic.level !== 'facility') {
    issues.push({
      ...at,
      field: 'clinic',
      value: record.clinic,
      message: {
        zh: `接种单位应为医疗卫生机构：${record.clinic}`,
        en: `The clinic must be a facility: ${record.clinic}`,
      },
    });
  }
  return issues;
}

/** The row to store for a checked dose. */
export function newDose(residentId: number, record: DoseRecord, actor: string, at: Date): repo.NewDose {
  return {
    residentId,
    vaccine: record.vaccine,
    dose: record.dose,
    date: record.date,
    manufacturer: record.manufacturer.trim(),
    lot: record.lot.trim(),
    lotNorm: normalizeLot(record.lot),
    expiry: record.expiry ?? null,
    site: record.site,
    clinic: record.clinic,
    programme: record.programme,
    recordedBy: actor,
    recordedAt: at,
  };
}

/**
 * Record a dose for a child at a clinic in the caller's scope, and refresh the coverage counts in
 * the same transaction.
 * @throws AppError NOT_FOUND (child), VALIDATION_FAILED naming each wrong field
 */
export async function recordDose(
  db: Db,
  caller: Caller,
  now: Date,
  today: string,
  residentId: number,
  record: DoseRecord
): Promise<{ id: number }> {
  const child = await existingChild(db, residentId);
  const issues = await doseIssues(db, child, record, caller.orgUnitCode, today);
  if (issues.length > 0) {
    throw new AppError('VALIDATION_FAILED', { zh: '接种记录有误', en: 'The dose record has errors' }, issues);
  }
  const actor = actorOf(caller, now);
  return db.transaction().execute(async (tx) => {
    const [id] = await repo.insertDoses(tx, [newDose(residentId, record, caller.username, now)]);
    if (id === undefined) throw new Error('insert returned no id');
    await writeAudit(tx, actor, {
      action: 'immunization.record',
      entity: 'immunization',
      entityId: String(id),
      details: {
        residentId,
        vaccine: record.vaccine,
        dose: record.dose,
        date: record.date,
        clinic: record.clinic,
      },
    });
    await refreshCoverage(tx, [residentId], { actor: caller.username, at: now }, today);
    return { id };
  });
}

/**
 * Void a dose given at a clinic in the caller's scope; it stays, marked with the reason, and
 * stops counting.
 * @throws AppError NOT_FOUND, CONFLICT when already voided
 */
export async function voidDoseRecord(
  db: Db,
  caller: Caller,
  now: Date,
  today: string,
  id: number,
  reason: string
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const dose = await repo.findDose(tx, id);
    if (!dose || !pathWithin(dose.clinicPath, caller.orgUnitCode)) {
      throw new AppError('NOT_FOUND', {
        zh: `接种记录不存在或不在您的范围内：${id}`,
        en: `Unknown dose record or outside your scope: ${id}`,
      });
    }
    if (dose.voided) {
      throw new AppError(
        'CONFLICT',
        { zh: `接种记录 ${id} 已作废`, en: `Dose record ${id} is already voided` },
        [{ field: 'id', value: id, message: { zh: '已作废', en: 'already voided' } }]
      );
    }
    await repo.voidDose(tx, id, reason, caller.username, now);
    await writeAudit(tx, actorOf(caller, now), {
      action: 'immunization.void',
      entity: 'immunization',
      entityId: String(id),
      details: { residentId: dose.residentId, reason },
    });
    await refreshCoverage(tx, [dose.residentId], { actor: caller.username, at: now }, today);
  });
}

/**
 * A child's doses (voided ones marked) and due list on a day; the read is logged.
 * @throws AppError NOT_FOUND outside the scope
 */
export async function residentImmunizations(
  db: Db,
  cipher: FieldCipher | undefined,
  caller: Caller,
  now: Date,
  asOf: string,
  residentId: number
): Promise<ResidentImmunizations> {
  const child = await readableChild(db, residentId, caller.orgUnitCode);
  const doses = await repo.dosesOf(db, [residentId], true);
  const schedule = scheduleOn(asOf);
  const given = doses
    .filter((d) => !d.voided && d.date <= asOf)
    .map((d) => ({ vaccine: d.vaccine, dose: d.dose, date: d.date }));
  const due = dueList(
    schedule,
    { birthDate: child.birthDate },
    given,
    asOf < child.birthDate ? child.birthDate : asOf
  );
  await repo.logReads(db, [
    {
      userId: caller.id,
      actor: caller.username,
      residentId,
      purpose: 'immunization record 预防接种记录',
      at: now,
    },
  ]);
  return {
    resident: showChild(child, caller, cipher),
    asOf,
    schedule: { code: schedule.code, version: schedule.version },
    doses: doses.map(doseView),
    due,
  };
}
