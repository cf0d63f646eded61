/**
 * CSV import of case report cards and of syndromic counts. Headers may be Chinese or English;
 * every bad row is reported with its line and field, and nothing is written unless the whole
 * file is good (one transaction). `dryRun` checks and counts without writing.
 */
import { parse } from 'csv-parse/sync';
import {
  AppError,
  CASE_TYPE_NAMES,
  CASE_TYPES,
  caseReportInputSchema,
  type CaseReportInput,
  type ErrorIssue,
  syndromicCountSchema,
  type SurveillanceImportResult,
  type SyndromicCountInput,
} from '@weijian/core';
import type { Db } from '../../db/connection';
import { csvError } from '../../files/csv-error';
import { refuseNulCells } from '../../http/input-guards';
import type { Actor } from '../audit';
import { cardKey, caseContext, checkCase, insertCases } from './cases';
import { cardsNumbered } from './repository/cases';
import { checkCounts, upsertCounts } from './syndromic';

/** Largest CSV accepted (bytes). */
export const MAX_SURVEILLANCE_CSV = 10 * 1024 * 1024;

const CASE_HEADERS: Record<string, string> = {
  卡片编号: 'cardNo',
  疾病名称: 'disease',
  病种: 'disease',
  病例分类: 'caseType',
  发病日期: 'onsetDate',
  诊断时间: 'diagnosedAt',
  报告时间: 'reportedAt',
  报告单位: 'reportingUnit',
  现住址单位: 'residenceUnit',
  性别: 'sex',
  年龄: 'age',
  职业: 'occupation',
  姓名: 'name',
  身份证号: 'idNumber',
  联系电话: 'phone',
  现住址: 'address',
};
const COUNT_HEADERS: Record<string, string> = { 哨点: 'site', 症状: 'syndrome', 日期: 'date', 数量: 'count' };

function readRows(
  text: string,
  headers: Record<string, string>
): { line: number; cells: Record<string, string> }[] {
  if (Buffer.byteLength(text) > MAX_SURVEILLANCE_CSV) {
    throw new AppError('PAYLOAD_TOO_LARGE', { zh: 'CSV 超过 10 MB', en: 'CSV over 10 MB' });
  }
  let rows: string[][];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), {
      relax_column_count: true,
      skip_empty_lines: false,
    });
  } catch (e) {
    throw csvError(e);
  }
  rows.forEach((cells, i) => refuseNulCells(cells, i + 1));
  const [head = [], ...body] = rows;
  const names = head.map((h) => headers[h.trim()] ?? h.trim());
  return body.flatMap((cells, i) =>
    cells.every((c) => c.trim() === '')
      ? []
      : [{ line: i + 2, cells: Object.fromEntries(names.map((n, j) => [n, (cells[j] ?? '').trim()])) }]
  );
}

function zodIssues(
  line: number,
  error: { issues: { path: PropertyKey[]; message: string }[] },
  value: (f: string) => unknown
): ErrorIssue[] {
  return error.issues.map((i) => {
    const field = String(i.path[0] ?? '');
    return {
      row: line,
      field,
      value: value(field),
      message: { zh: `字段 ${field} 无效：${i.message}`, en: i.message },
    };
  });
}

function fail(issues: ErrorIssue[]): never {
  throw new AppError(
    'VALIDATION_FAILED',
    {
      zh: `文件有 ${issues.length} 处错误，未导入任何内容`,
      en: `${issues.length} problems in the file; nothing was imported`,
    },
    issues
  );
}

const caseTypeByName = new Map<string, string>(
  CASE_TYPES.flatMap((t) => [
    [t, t],
    [CASE_TYPE_NAMES[t].zh, t],
  ])
);
const sexByName = new Map([
  ['男', 'M'],
  ['女', 'F'],
  ['M', 'M'],
  ['F', 'F'],
]);

/** Imports case report cards from CSV. */
export async function importCasesCsv(
  db: Db,
  actor: Actor,
  scope: string,
  text: string,
  dryRun: boolean
): Promise<SurveillanceImportResult> {
  const ctx = await caseContext(db, scope);
  const diseaseByName = new Map(
    ctx.versions.flatMap((v) => [
      [v.code, v.code],
      [v.name.zh, v.code],
    ])
  );
  const issues: ErrorIssue[] = [];
  const cards: CaseReportInput[] = [];
  const seen = new Set<string>();
  for (const { line, cells } of readRows(text, CASE_HEADERS)) {
    const { name, idNumber, phone, address } = cells;
    const hasIds = [name, idNumber, phone, address].some(Boolean);
    const parsed = caseReportInputSchema.safeParse({
      cardNo: cells.cardNo,
      disease: diseaseByName.get(cells.disease ?? '') ?? cells.disease,
      caseType: caseTypeByName.get(cells.caseType ?? '') ?? cells.caseType,
      onsetDate: cells.onsetDate,
      diagnosedAt: cells.diagnosedAt,
      reportedAt: cells.reportedAt,
      reportingUnit: cells.reportingUnit,
      residenceUnit: cells.residenceUnit,
      ...(cells.sex ? { sex: sexByName.get(cells.sex) ?? cells.sex } : {}),
      ...(cells.age ? { age: Number(cells.age) } : {}),
      ...(cells.occupation ? { occupation: cells.occupation } : {}),
      ...(hasIds
        ? {
            identifiers: {
              ...(name ? { name } : {}),
              ...(idNumber ? { idNumber } : {}),
              ...(phone ? { phone } : {}),
              ...(address ? { address } : {}),
            },
          }
        : {}),
    });
    if (!parsed.success) {
      issues.push(...zodIssues(line, parsed.error, (f) => cells[f]));
      continue;
    }
    const key = cardKey(parsed.data.reportingUnit, parsed.data.cardNo);
    if (seen.has(key)) {
      issues.push({
        row: line,
        field: 'cardNo',
        value: parsed.data.cardNo,
        message: { zh: '文件内卡片编号重复', en: 'Card number repeated in the file' },
      });
    }
    seen.add(key);
    issues.push(...checkCase(ctx, parsed.data, line));
    cards.push(parsed.data);
  }
  const wanted = new Set(cards.map((c) => cardKey(c.reportingUnit, c.cardNo)));
  const existing = (
    await cardsNumbered(
      db,
      cards.map((c) => c.cardNo)
    )
  ).filter((e) => wanted.has(cardKey(e.reportingUnit, e.cardNo)));
  for (const e of existing) {
    issues.push({
      field: 'cardNo',
      value: e.cardNo,
      message: { zh: `卡片编号已存在：${e.cardNo}`, en: `Card number already exists: ${e.cardNo}` },
    });
  }
  if (issues.length) fail(issues);
  if (!dryRun) await db.transaction().execute((tx) => insertCases(tx, actor, cards));
  return { rows: cards.length, imported: dryRun ? 0 : cards.length, dryRun };
}

/** Imports daily syndromic counts from CSV (site,syndrome,date,count). */
export async function importCountsCsv(
  db: Db,
  actor: Actor,
  scope: string,
  text: string,
  dryRun: boolean
): Promise<SurveillanceImportResult> {
  const issues: ErrorIssue[] = [];
  const counts: (SyndromicCountInput & { line: number })[] = [];
  for (const { line, cells } of readRows(text, COUNT_HEADERS)) {
    const parsed = syndromicCountSchema.safeParse({
      ...cells,
      count: cells.count === '' ? NaN : Number(cells.count),
    });
    if (parsed.success) counts.push({ ...parsed.data, line });
    else issues.push(...zodIssues(line, parsed.error, (f) => cells[f]));
  }
  issues.push(...(await checkCounts(db, scope, counts)));
  if (issues.length) fail(issues);
  const written = dryRun ? 0 : await db.transaction().execute((tx) => upsertCounts(tx, actor, counts));
  return { rows: counts.length, imported: written, dryRun };
}
