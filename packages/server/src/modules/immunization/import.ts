/**
 * Import of dose records from CSV or XLSX (an earlier system's export, a clinic's spreadsheet):
 * every row is checked like a dose recorded by hand; any problem refuses the whole file with the
 * row and field of each problem, and a dry run only checks. Accepted rows are stored in one
 * transaction with the coverage refresh of every child they touch.
 */
import {
  AppError,
  SITES,
  SITE_NAMES,
  doseRecordSchema,
  findVaccine,
  type DoseRecord,
  type ErrorIssue,
  type ImmunizationImportResult,
} from '@weijian/core';
import type { Db } from '../../db/connection';
import { actorOf, writeAuditMany } from '../audit';
import { refreshCoverage } from './coverage';
import { type Caller } from './people';
import { doseIssues, newDose } from './records';
import * as repo from './repository';
import { scheduleOn } from './schedule';

/** Columns, by the English key and the Chinese header a spreadsheet may use. */
const COLUMNS = {
  resident: ['resident', 'residentid', '居民编号', '居民id'],
  vaccine: ['vaccine', '疫苗', '疫苗名称'],
  dose: ['dose', '剂次'],
  date: ['date', '接种日期'],
  manufacturer: ['manufacturer', '生产企业', '生产厂家'],
  lot: ['lot', '批号', '疫苗批号'],
  expiry: ['expiry', '有效期', '有效期至'],
  site: ['site', '接种部位'],
  clinic: ['clinic', '接种单位', '接种单位编码'],
  programme: ['programme', '免疫规划', '是否免疫规划疫苗'],
} as const;
type Column = keyof typeof COLUMNS;
const REQUIRED: Column[] = [
  'resident',
  'vaccine',
  'dose',
  'date',
  'manufacturer',
  'lot',
  'site',
  'clinic',
  'programme',
];
const MAX_ROWS = 20_000;
const MAX_ISSUES = 200;

const YES = ['是', 'true', '1', 'y', 'yes'];
const NO = ['否', 'false', '0', 'n', 'no'];

function headerMap(header: readonly string[]): Map<Column, number> {
  const out = new Map<Column, number>();
  header.forEach((h, i) => {
    const k = h.trim().toLowerCase().replace(/\s+/g, '');
    for (const [col, names] of Object.entries(COLUMNS) as [Column, readonly string[]][]) {
      if (names.includes(k)) out.set(col, i);
    }
  });
  return out;
}

function issue(row: number, field: string, value: unknown, zh: string, en: string): ErrorIssue {
  return { row, field, value, message: { zh, en } };
}

/** One row read into a dose record, or its problems. */
function readRow(
  cells: readonly string[],
  cols: Map<Column, number>,
  row: number
): { residentId: number; record: DoseRecord } | ErrorIssue[] {
  const get = (c: Column): string => (cols.has(c) ? (cells[cols.get(c) ?? -1] ?? '').trim() : '');
  const issues: ErrorIssue[] = [];
  const residentText = get('resident');
  const residentId = /^\d{1,9}$/.test(residentText) ? Number(residentText) : NaN;
  if (!Number.isInteger(residentId) || residentId <= 0) {
    issues.push(
      issue(row, 'resident', residentText, '居民编号应为正整数', 'The resident id is a positive whole number')
    );
  }
  const date = get('date');
  const schedule = scheduleOn(/^\d{4}-\d{2}-\d{2}$/.test(date) ? date : '2100-01-01');
  const vaccineText = get('vaccine');
  const vaccine = findVaccine(schedule, vaccineText);
  if (!vaccine) {
    issues.push(
      issue(row, 'vaccine', vaccineText, `未知疫苗：${vaccineText}`, `Unknown vaccine: ${vaccineText}`)
    );
  }
  const doseText = get('dose');
  const siteText = get('site');
  const site = SITES.find((s) => s === siteText || SITE_NAMES[s].zh === siteText);
  if (!site) {
    issues.push(
      issue(
        row,
        'site',
        siteText,
        `接种部位无效：${siteText}`,
        `Unknown site: ${siteText} (one of ${SITES.join(', ')})`
      )
    );
  }
  const progText = get('programme').toLowerCase();
  const programme = YES.includes(progText) ? true : NO.includes(progText) ? false : undefined;
  if (programme === undefined) {
    issues.push(
      issue(row, 'programme', progText, '免疫规划应填“是”或“否”', 'Programme is yes or no (是/否)')
    );
  }
  const expiry = get('expiry');
  const candidate = {
    vaccine: vaccine?.code ?? vaccineText,
    dose: /^\d{1,2}$/.test(doseText) ? Number(doseText) : NaN,
    date,
    manufacturer: get('manufacturer'),
    lot: get('lot'),
    ...(expiry ? { expiry } : {}),
    site: site ?? 'other',
    clinic: get('clinic'),
    programme: programme ?? false,
  };
  const parsed = doseRecordSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const zi of parsed.error.issues) {
      const field = String(zi.path[0] ?? 'row');
      if (issues.some((i) => i.field === field)) continue;
      issues.push(
        issue(
          row,
          field,
          (candidate as Record<string, unknown>)[field],
          `${field} 无效：${zi.message}`,
          `Invalid ${field}: ${zi.message}`
        )
      );
    }
  }
  if (issues.length > 0 || !parsed.success) return issues;
  return { residentId, record: parsed.data };
}

/**
 * Check (and unless `dryRun`, store) the dose records of a spreadsheet's rows (first row: header).
 * @throws AppError VALIDATION_FAILED listing each row and field, with nothing stored
 */
export async function importDoses(
  db: Db,
  caller: Caller,
  now: Date,
  today: string,
  rows: readonly string[][],
  dryRun: boolean
): Promise<ImmunizationImportResult> {
  const [header, ...body] = rows;
  const cols = headerMap(header ?? []);
  const missing = REQUIRED.filter((c) => !cols.has(c));
  if (missing.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: `缺少列：${missing.join('、')}`, en: `Missing columns: ${missing.join(', ')}` },
      missing.map((c) => ({ row: 1, field: c, message: { zh: `缺少列 ${c}`, en: `Missing column ${c}` } }))
    );
  }
  const data = body
    .map((cells, i) => ({ cells, row: i + 2 }))
    .filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (data.length === 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: '文件中没有接种记录', en: 'The file has no dose records' },
      [{ row: 2, field: 'file', message: { zh: '没有数据行', en: 'No data rows' } }]
    );
  }
  if (data.length > MAX_ROWS) {
    throw new AppError('PAYLOAD_TOO_LARGE', {
      zh: `一次最多导入 ${MAX_ROWS} 行`,
      en: `At most ${MAX_ROWS} rows per import`,
    });
  }
  const issues: ErrorIssue[] = [];
  const accepted: { residentId: number; record: DoseRecord }[] = [];
  const children = new Map<number, repo.ChildRow | null>();
  for (const { cells, row } of data) {
    if (issues.length >= MAX_ISSUES) break;
    const r = readRow(cells, cols, row);
    if (Array.isArray(r)) {
      issues.push(...r);
      continue;
    }
    if (!children.has(r.residentId)) {
      const [c] = await repo.findChildren(db, [r.residentId]);
      children.set(r.residentId, c && c.status !== 'merged' ? c : null);
    }
    const child = children.get(r.residentId);
    if (!child) {
      issues.push(
        issue(
          row,
          'resident',
          r.residentId,
          `居民不存在：${r.residentId}`,
          `Unknown resident: ${r.residentId}`
        )
      );
      continue;
    }
    const more = await doseIssues(db, child, r.record, caller.orgUnitCode, today, row);
    if (more.length > 0) issues.push(...more);
    else accepted.push(r);
  }
  if (issues.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      {
        zh: `接种记录导入有 ${issues.length} 处错误，未导入任何记录`,
        en: `The import has ${issues.length} errors; nothing was stored`,
      },
      issues.slice(0, MAX_ISSUES)
    );
  }
  if (dryRun) return { dryRun, rows: data.length, created: 0 };
  return db.transaction().execute(async (tx) => {
    const ids = await repo.insertDoses(
      tx,
      accepted.map((a) => newDose(a.residentId, a.record, caller.username, now))
    );
    await writeAuditMany(
      tx,
      actorOf(caller, now),
      ids.map((id, i) => ({
        action: 'immunization.import',
        entity: 'immunization',
        entityId: String(id),
        details: {
          residentId: accepted[i]?.residentId,
          vaccine: accepted[i]?.record.vaccine,
          dose: accepted[i]?.record.dose,
        },
      }))
    );
    await refreshCoverage(
      tx,
      accepted.map((a) => a.residentId),
      { actor: caller.username, at: now },
      today
    );
    return { dryRun, rows: data.length, created: ids.length };
  });
}
