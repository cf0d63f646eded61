/** The entry form of one data set × unit × period: its values, its lock and its rule failures. */
import { AppError, parsePeriod, type Catalogue, type EntryForm } from '@weijian/core';
import type { Db } from '../../db/connection';
import { unitInScope } from '../orgunits';
import { lockedBy } from './approvals';
import { formValues, valueHistory as historyOf } from './repository/values';
import { storedFailures } from './repository/validation';
import type { ValueKey } from './keys';

/**
 * The form's content.
 * @throws AppError NOT_FOUND for an unknown data set or a unit outside the scope;
 *   VALIDATION_FAILED for a period of the wrong type
 */
export async function entryForm(
  db: Db,
  catalogue: Catalogue,
  scope: string,
  q: { dataSet: string; orgUnit: string; period: string }
): Promise<EntryForm> {
  const ds = catalogue.dataSets.find((d) => d.code === q.dataSet);
  if (!ds) {
    throw new AppError('NOT_FOUND', {
      zh: `未知报表：${q.dataSet}`,
      en: `Unknown data set: ${q.dataSet}`,
    });
  }
  const { orgUnit: ou, period: pe } = q;
  const unit = await unitInScope(db, ou, scope);
  if (parsePeriod(pe).type !== ds.periodType) {
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: `期间 ${pe} 不是本报表的报告期`, en: `${pe} is not a ${ds.periodType} period` },
      [{ field: 'pe', value: pe, message: { zh: '期间类型不符', en: 'Wrong period type' } }]
    );
  }
  const values = await formValues(db, { orgUnit: ou, period: pe, elements: ds.elements });
  const failures = await storedFailures(db, ou, pe);
  return {
    dataSet: ds,
    orgUnit: { code: unit.code, name: unit.name },
    period: pe,
    lock: await lockedBy(db, { dataSet: ds.code, orgUnit: ou, period: pe }),
    values,
    ruleFailures: failures,
  };
}

/**
 * The audit trail of one value, newest first. Who changed which value when is as confidential as
 * the value: the unit must be in scope.
 * @throws AppError NOT_FOUND for a unit outside the scope
 */
export async function valueHistory(db: Db, scope: string, key: ValueKey) {
  await unitInScope(db, key.orgUnit, scope);
  return historyOf(db, key);
}
