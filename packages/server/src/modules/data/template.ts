/**
 * A fill-in template per data set: an XLSX with Chinese headers and one row per reporting unit
 * below the chosen unit × element, the codes pre-filled, so a statistician only types numbers.
 */
import ExcelJS from 'exceljs';
import { AppError, type Catalogue } from '@weijian/core';
import type { Db } from '../../db/connection';
import { findUnits } from '../orgunits';

export const TEMPLATE_HEADERS = ['数据元编码', '数据元名称', '机构编码', '机构名称', '期间', '数值', '备注'];

/** Build the template workbook. */
export async function buildTemplate(
  db: Db,
  catalogue: Catalogue,
  dataSet: string,
  orgUnit: string,
  period: string,
  scope: string
): Promise<Buffer> {
  const ds = catalogue.dataSets.find((d) => d.code === dataSet);
  if (!ds) {
    throw new AppError('NOT_FOUND', { zh: `未知报表：${dataSet}`, en: `Unknown data set: ${dataSet}` });
  }
  const units = await findUnits(db, {
    below: [orgUnit, scope],
    levels: ds.reporters.levels,
    ...(ds.reporters.facilityTypes ? { facilityTypes: ds.reporters.facilityTypes } : {}),
    orderBy: 'path',
    limit: 5000,
  });
  const names = new Map(catalogue.dataElements.map((d) => [d.code, d.name.zh]));
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(ds.name.zh.slice(0, 30));
  ws.addRow(TEMPLATE_HEADERS);
  ws.getRow(1).font = { bold: true };
  for (const u of units) {
    for (const el of ds.elements) ws.addRow([el, names.get(el) ?? el, u.code, u.name, period, '', '']);
  }
  ws.columns.forEach((c, i) => (c.width = [18, 28, 16, 28, 10, 12, 20][i] ?? 12));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
