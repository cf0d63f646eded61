/**
 * Submitting a report (上报): a reporting unit declares its data set for a period complete. The
 * first submission's time is the one timeliness is judged by; withdrawing it (to correct and
 * submit again) needs a reason, is audited, and is refused once the report is approved.
 */
import { AppError, parsePeriod, reportStatus, type Catalogue, type SubmissionView } from '@weijian/core';
import type { Db } from '../../db/connection';
import { actedAt, writeAudit, type Actor } from '../audit';
import { lockedBy } from '../data';
import { chinaDay, findOrgUnit, isWithin } from '../orgunits';
import { deadlineOf } from './completeness';
import { checkPeriod, dataSetOf, reportsDataSet } from './expected';
import * as repo from './repository';

const entityId = (k: repo.ReportKey): string => `${k.dataSet}/${k.orgUnit}/${k.period}`;

function view(s: repo.Submission, deadline: string, today: string): SubmissionView {
  return {
    dataSet: s.dataSet,
    orgUnit: s.orgUnit,
    period: s.period,
    submittedAt: s.submittedAt.toISOString(),
    submittedBy: s.submittedBy,
    status: reportStatus(chinaDay(s.submittedAt), deadline, today),
    deadline,
  };
}

/** Check a report key against the catalogue, the period, the unit's scope and its reporting role. */
async function check(db: Db, catalogue: Catalogue, scope: string, key: repo.ReportKey, today: string) {
  const ds = dataSetOf(catalogue, key.dataSet);
  checkPeriod(ds, key.period);
  const unit = await findOrgUnit(db, key.orgUnit);
  if (!unit || !(await isWithin(db, key.orgUnit, scope))) {
    throw new AppError(
      'FORBIDDEN',
      { zh: `机构 ${key.orgUnit} 不在您的管理范围内`, en: `Org unit ${key.orgUnit} is outside your scope` },
      [{ field: 'orgUnit', value: key.orgUnit, message: { zh: '超出范围', en: 'Outside scope' } }]
    );
  }
  if (!reportsDataSet(ds, unit)) {
    throw new AppError(
      'VALIDATION_FAILED',
      {
        zh: `${unit.name}不是${ds.name.zh}的报告单位`,
        en: `${unit.code} does not report ${ds.name.en}`,
      },
      [{ field: 'orgUnit', value: key.orgUnit, message: { zh: '非报告单位', en: 'Not a reporting unit' } }]
    );
  }
  if (parsePeriod(key.period).start > today) {
    throw new AppError(
      'VALIDATION_FAILED',
      {
        zh: `期间 ${key.period} 尚未开始，不能上报`,
        en: `Period ${key.period} has not begun; nothing to submit`,
      },
      [{ field: 'period', value: key.period, message: { zh: '期间未开始', en: 'Period not begun' } }]
    );
  }
  return ds;
}

/**
 * Submit a report. Submitting again changes nothing and answers the first submission.
 * @throws AppError NOT_FOUND / FORBIDDEN / VALIDATION_FAILED naming the field
 */
export async function submitReport(
  db: Db,
  catalogue: Catalogue,
  actor: Actor,
  scope: string,
  key: repo.ReportKey
): Promise<SubmissionView> {
  const at = actedAt(actor);
  const today = chinaDay(at);
  const ds = await check(db, catalogue, scope, key, today);
  const normal = { ...key, period: parsePeriod(key.period).id };
  const stored = await db.transaction().execute(async (tx) => {
    const fresh = { ...normal, submittedBy: actor.name, submittedAt: at };
    if (await repo.insertSubmission(tx, fresh)) {
      await writeAudit(tx, actor, { action: 'submit', entity: 'report', entityId: entityId(normal) });
      return fresh;
    }
    const existing = await repo.findSubmission(tx, normal);
    if (!existing) throw new Error('submission vanished inside its transaction');
    return existing;
  });
  return view(stored, deadlineOf(ds, normal.period), today);
}

/**
 * Withdraw a submission so the unit can correct and submit again.
 * @throws AppError VALIDATION_FAILED (no reason) / NOT_FOUND (not submitted) / CONFLICT (approved)
 */
export async function withdrawReport(
  db: Db,
  catalogue: Catalogue,
  actor: Actor,
  scope: string,
  key: repo.ReportKey,
  reason: string
): Promise<void> {
  await check(db, catalogue, scope, key, chinaDay(actedAt(actor)));
  if (reason.trim().length < 2) {
    throw new AppError('VALIDATION_FAILED', { zh: '撤回上报须说明原因', en: 'Withdrawing needs a reason' }, [
      { field: 'reason', message: { zh: '请填写原因', en: 'Give a reason' } },
    ]);
  }
  const normal = { ...key, period: parsePeriod(key.period).id };
  const lock = await lockedBy(db, normal);
  if (lock) {
    throw new AppError(
      'CONFLICT',
      {
        zh: `报表已由 ${lock.orgUnit} 审核，不能撤回上报`,
        en: `The report is approved by ${lock.orgUnit}; it cannot be withdrawn`,
      },
      [{ field: 'orgUnit', value: key.orgUnit, message: { zh: '已审核', en: 'Approved' } }]
    );
  }
  await db.transaction().execute(async (tx) => {
    const removed = await repo.deleteSubmission(tx, normal);
    if (!removed) {
      throw new AppError('NOT_FOUND', { zh: '该报表尚未上报', en: 'The report has not been submitted' });
    }
    await writeAudit(tx, actor, {
      action: 'withdraw',
      entity: 'report',
      entityId: entityId(normal),
      details: { reason, submittedAt: removed.submittedAt.toISOString(), submittedBy: removed.submittedBy },
    });
  });
}
