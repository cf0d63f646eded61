/**
 * Approval and lock per data set × org unit × period. Approving locks the values of that unit
 * and every unit below it; unlocking is possible but always recorded in the audit log.
 */
import { AppError, parsePeriod, type Catalogue } from '@weijian/core';
import type { Db } from '../../db/connection';
import { writeAudit, type Actor } from '../audit';
import { findOrgUnit, isWithin } from '../orgunits';
import type { ApprovalKey } from './keys';
import * as repo from './repository/approvals';

export type { ApprovalKey } from './keys';

async function check(db: Db, catalogue: Catalogue, scope: string, key: ApprovalKey): Promise<void> {
  const ds = catalogue.dataSets.find((d) => d.code === key.dataSet);
  if (!ds) {
    throw new AppError(
      'NOT_FOUND',
      { zh: `未知报表：${key.dataSet}`, en: `Unknown data set: ${key.dataSet}` },
      [{ field: 'dataSet', value: key.dataSet, message: { zh: '报表不存在', en: 'No such data set' } }]
    );
  }
  if (parsePeriod(key.period).type !== ds.periodType) {
    throw new AppError(
      'VALIDATION_FAILED',
      {
        zh: `期间 ${key.period} 不是${ds.name.zh}的报告期`,
        en: `${key.period} is not a ${ds.periodType} period of ${ds.name.en}`,
      },
      [{ field: 'period', value: key.period, message: { zh: '期间类型不符', en: 'Wrong period type' } }]
    );
  }
  if (!(await isWithin(db, key.orgUnit, scope))) {
    throw new AppError(
      'FORBIDDEN',
      { zh: `机构 ${key.orgUnit} 不在您的管理范围内`, en: `Org unit ${key.orgUnit} is outside your scope` },
      [{ field: 'orgUnit', value: key.orgUnit, message: { zh: '超出范围', en: 'Outside scope' } }]
    );
  }
}

/** Approve (and so lock) a data set for a unit and period. Approving twice changes nothing. */
export async function approve(
  db: Db,
  catalogue: Catalogue,
  actor: Actor,
  scope: string,
  key: ApprovalKey
): Promise<void> {
  await check(db, catalogue, scope, key);
  await db.transaction().execute(async (tx) => {
    if (await repo.insertApproval(tx, key, actor.name)) {
      await writeAudit(tx, actor, {
        action: 'approve',
        entity: 'approval',
        entityId: `${key.dataSet}/${key.orgUnit}/${key.period}`,
      });
    }
  });
}

/** Remove an approval, unlocking the values; recorded in the audit log with the reason. */
export async function unlock(
  db: Db,
  catalogue: Catalogue,
  actor: Actor,
  scope: string,
  key: ApprovalKey,
  reason: string
): Promise<void> {
  await check(db, catalogue, scope, key);
  if (reason.trim().length < 2) {
    throw new AppError('VALIDATION_FAILED', { zh: '解锁须说明原因', en: 'Unlocking needs a reason' }, [
      { field: 'reason', message: { zh: '请填写原因', en: 'Give a reason' } },
    ]);
  }
  await db.transaction().execute(async (tx) => {
    if (!(await repo.deleteApproval(tx, key))) {
      throw new AppError('NOT_FOUND', {
        zh: '该报表未审核，无需解锁',
        en: 'Not approved; nothing to unlock',
      });
    }
    await writeAudit(tx, actor, {
      action: 'unlock',
      entity: 'approval',
      entityId: `${key.dataSet}/${key.orgUnit}/${key.period}`,
      details: { reason },
    });
  });
}

/** Whether a unit's data set is locked for a period (approved at the unit or above). */
export async function lockedBy(
  db: Db,
  key: ApprovalKey
): Promise<{ orgUnit: string; approvedBy: string } | null> {
  const unit = await findOrgUnit(db, key.orgUnit);
  if (!unit) return null;
  const ancestors = unit.path.split('/').filter(Boolean);
  return repo.approvalByAny(db, { dataSet: key.dataSet, period: key.period, units: ancestors });
}
