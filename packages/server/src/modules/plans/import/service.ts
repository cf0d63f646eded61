/**
 * Importing a plan the platform has never seen: a spreadsheet of its indicator table plus the
 * plan's id, region, period, base year and title. Checks everything first; writes in one
 * transaction or not at all; a dry run reports what would happen and writes nothing.
 */
import {
  AppError,
  buildNameIndex,
  type Catalogue,
  type ImportResult,
  type PlanImportFields,
} from '@weijian/core';
import type { Db } from '../../../db/connection';
import type { Actor } from '../../audit';
import { findOrgUnit, isWithin } from '../../orgunits';
import { planHeader, savePlan } from '../service';
import { readTable } from '../../../files/read-table';
import { parsePeriod, tableToPlan } from './table-to-plan';

export interface PlanImportInput extends PlanImportFields {
  buffer: Buffer;
  filename: string;
  dryRun: boolean;
}

/**
 * Import a plan table.
 * @param scope - the importing user's org unit, or null for the local command line
 * @throws AppError with row-level issues when anything is wrong; nothing is written then
 */
export async function importPlanTable(
  db: Db,
  catalogue: Catalogue,
  actor: Actor,
  scope: string | null,
  input: PlanImportInput
): Promise<ImportResult> {
  const period = parsePeriod(input.period);
  const region = await findOrgUnit(db, input.region);
  // Unknown and out-of-scope regions answer alike, so codes outside one's scope cannot be probed.
  if (!region || (scope !== null && !(await isWithin(db, input.region, scope)))) {
    throw new AppError(
      'NOT_FOUND',
      {
        zh: `地区编码不存在或不在您的管理范围内：${input.region}`,
        en: `Unknown region code or outside your scope: ${input.region}`,
      },
      [
        {
          field: 'region',
          value: input.region,
          message: {
            zh: '请使用您范围内的国家行政区划代码',
            en: 'Use a national administrative code within your scope',
          },
        },
      ]
    );
  }
  const existing = await planHeader(db, input.id);
  // A built-in plan's id and another region's plan id are refused alike, without naming the region.
  if (existing && (existing.source.seedFile || existing.regionCode !== input.region)) {
    throw new AppError(
      'CONFLICT',
      { zh: `规划编号 ${input.id} 已被使用`, en: `Plan id ${input.id} is taken` },
      [{ field: 'id', value: input.id, message: { zh: '请换一个规划编号', en: 'Choose another plan id' } }]
    );
  }
  const table = await readTable(input.buffer, input.filename);
  const { plan, warnings } = tableToPlan(table, {
    id: input.id,
    region: input.region,
    regionLevel: region.level,
    period,
    baseYear: input.baseYear,
    title: input.title,
    filename: input.filename,
  });
  const codeOf = buildNameIndex(catalogue.indicators);
  for (const row of plan.rows) row.indicator = codeOf(row.name);
  const shaped = (w: (typeof warnings)[number]) => ({
    row: w.row ?? 0,
    field: w.field ?? '',
    message: w.message,
  });
  if (input.dryRun) {
    return {
      planId: plan.id,
      dryRun: true,
      changed: false,
      version: existing?.version ?? null,
      rows: plan.rows.length,
      warnings: warnings.map(shaped),
    };
  }
  const saved = await savePlan(db, actor, plan);
  return {
    planId: plan.id,
    dryRun: false,
    changed: saved.changed,
    version: saved.version,
    rows: plan.rows.length,
    warnings: warnings.map(shaped),
  };
}
