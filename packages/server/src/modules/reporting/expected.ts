/**
 * Which units are expected to report a data set: those of the data set's reporter levels (and
 * facility types) at or below the unit asked about. Placed by today's hierarchy (materialised
 * paths), the one every scope check uses.
 */
import { AppError, parsePeriod, type Catalogue, type DataSet } from '@weijian/core';
import type { Db } from '../../db/connection';
import { findUnits, unitInScope, type OrgUnit } from '../orgunits';

/** Whether a unit is one of the data set's reporters. */
export function reportsDataSet(ds: DataSet, unit: Pick<OrgUnit, 'level' | 'facilityType'>): boolean {
  if (!ds.reporters.levels.includes(unit.level)) return false;
  const types = ds.reporters.facilityTypes;
  return !types || (unit.facilityType !== null && types.includes(unit.facilityType));
}

/**
 * The data set by code.
 * @throws AppError NOT_FOUND naming the field
 */
export function dataSetOf(catalogue: Catalogue, code: string): DataSet {
  const ds = catalogue.dataSets.find((d) => d.code === code);
  if (!ds) {
    throw new AppError('NOT_FOUND', { zh: `未知报表：${code}`, en: `Unknown data set: ${code}` }, [
      { field: 'dataSet', value: code, message: { zh: '报表不存在', en: 'No such data set' } },
    ]);
  }
  return ds;
}

/**
 * Check that a period is one the data set is reported for.
 * @throws AppError VALIDATION_FAILED naming the field
 */
export function checkPeriod(ds: DataSet, period: string): void {
  if (parsePeriod(period).type !== ds.periodType) {
    throw new AppError(
      'VALIDATION_FAILED',
      {
        zh: `期间 ${period} 不是${ds.name.zh}的报告期`,
        en: `${period} is not a ${ds.periodType} period of ${ds.name.en}`,
      },
      [{ field: 'period', value: period, message: { zh: '期间类型不符', en: 'Wrong period type' } }]
    );
  }
}

/** The unit asked about, everything below it, and which of those are expected reporters. */
export interface ReportingTree {
  root: OrgUnit;
  /** Units directly below the root. */
  children: OrgUnit[];
  /** Expected reporters at or below the root, in path order. */
  expected: OrgUnit[];
  /** Name of every unit at or below the root, by code. */
  names: Map<string, string>;
}

/**
 * The reporting tree of a unit in the caller's scope.
 * @throws AppError NOT_FOUND when the unit does not exist or lies outside the scope
 */
export async function reportingTree(
  db: Db,
  ds: DataSet,
  orgUnit: string,
  scope: string
): Promise<ReportingTree> {
  await unitInScope(db, orgUnit, scope);
  const all = await findUnits(db, { below: [orgUnit, scope], orderBy: 'path' });
  const root = all.find((u) => u.code === orgUnit);
  if (!root) {
    throw new AppError('NOT_FOUND', {
      zh: `机构不存在或不在您的范围内：${orgUnit}`,
      en: `Unknown org unit or outside your scope: ${orgUnit}`,
    });
  }
  return {
    root,
    children: all.filter((u) => u.parentCode === orgUnit),
    expected: all.filter((u) => reportsDataSet(ds, u)),
    names: new Map(all.map((u) => [u.code, u.name])),
  };
}
