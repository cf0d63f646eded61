/**
 * Turns the rows of an uploaded indicator table into a plan file. Every row is checked; if any
 * row cannot be read the whole table is refused with each problem's row number, column and
 * reason. Qualitative targets, text baselines and rows without a target (monitored only) are
 * accepted with a warning.
 */
import {
  AppError,
  planFileSchema,
  type Bilingual,
  type ErrorIssue,
  type PlanFile,
  type PlanRow,
  type TargetLevel,
} from '@weijian/core';
import { readLayout, type LayoutOptions, type TableLayout } from './header';
import { readRow } from './read-row';

export interface TableImportOptions {
  id: string;
  region: string;
  /** Region level decides the plan's own target level and what a 上级目标值 is. */
  regionLevel: string;
  period: [number, number];
  baseYear: number;
  title: string;
  filename: string;
}

const OWN_LEVEL: Record<string, TargetLevel> = { city: 'city', province: 'province' };

const PARENT_LEVEL: Record<string, TargetLevel> = {
  district: 'city',
  county: 'city',
  'county-level city': 'city',
  city: 'province',
  province: 'national',
};

/** Parse the period option `2021-2025`. */
export function parsePeriod(text: string): [number, number] {
  const m = /^\s*(\d{4})\s*[-—–~至]\s*(\d{4})\s*$/.exec(text);
  if (!m || Number(m[1]) > Number(m[2])) {
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: `规划期格式应为 2021-2025：${text}`, en: `Period must look like 2021-2025: ${text}` },
      [{ field: 'period', value: text, message: { zh: '规划期无效', en: 'Invalid period' } }]
    );
  }
  return [Number(m[1]), Number(m[2])];
}

function refuse(message: Bilingual, issues: ErrorIssue[]): AppError {
  return new AppError('VALIDATION_FAILED', message, issues);
}

/**
 * Build a plan file from table rows (the header is the first row, or the first two).
 * @returns the plan and the warnings of rows accepted with a remark
 * @throws AppError VALIDATION_FAILED with one issue per unreadable row or header column
 */
export function tableToPlan(
  table: string[][],
  opts: TableImportOptions
): { plan: PlanFile; warnings: ErrorIssue[] } {
  if (!table[0] || table[0].every((c) => c.trim() === '')) {
    throw refuse({ zh: '表格为空', en: 'The table is empty' }, []);
  }
  const layoutOptions: LayoutOptions = {
    period: opts.period,
    baseYear: opts.baseYear,
    ownLevel: OWN_LEVEL[opts.regionLevel] ?? 'district',
  };
  const layout: TableLayout = readLayout(table, layoutOptions);
  if (layout.errors.length > 0) {
    throw refuse(
      {
        zh: `表头有 ${layout.errors.length} 处错误，未导入任何内容`,
        en: `The header has ${layout.errors.length} error(s); nothing was imported`,
      },
      layout.errors
    );
  }
  const errors: ErrorIssue[] = [];
  const warnings: ErrorIssue[] = [...layout.warnings];
  const rows: PlanRow[] = [];
  const keys = new Set<string>();
  let category = '';

  table.slice(layout.headerRows).forEach((cells, i) => {
    const line = i + layout.headerRows + 1;
    if (cells.every((c) => c.trim() === '')) return;
    // A row with only a category (健康水平 above its indicators) heads the rows below it.
    const at = layout.columns.category;
    if (at !== undefined && cells.every((c, j) => (j === at) === (c.trim() !== ''))) {
      category = (cells[at] ?? '').trim();
      return;
    }
    const read = readRow(cells, line, layout, {
      ...layoutOptions,
      parentLevel: PARENT_LEVEL[opts.regionLevel] ?? 'city',
    });
    errors.push(...read.errors);
    warnings.push(...read.warnings);
    if (!read.row) return;
    // A merged category cell is blank below its first row.
    if (layout.columns.category !== undefined) {
      if (read.row.category) category = read.row.category;
      else if (category) read.row.category = category;
    }
    const seq = read.row.seq ?? '';
    let key = `R-${seq !== '' ? seq : String(i + 1)}`;
    if (keys.has(key)) key = `R-${String(i + 1)}`;
    keys.add(key);
    rows.push({
      ...read.row,
      key,
      quote: `${opts.filename} 第 ${line} 行：${cells.filter((c) => c !== '').join(' | ')}`,
    });
  });
  if (errors.length > 0) {
    throw refuse(
      {
        zh: `表格有 ${errors.length} 处错误，未导入任何内容`,
        en: `The table has ${errors.length} error(s); nothing was imported`,
      },
      errors
    );
  }
  if (rows.length === 0) {
    throw refuse({ zh: '表格没有指标行', en: 'The table has no indicator rows' }, []);
  }
  const plan = planFileSchema.safeParse({
    id: opts.id,
    title: opts.title,
    region: opts.region,
    period: opts.period,
    baseYear: opts.baseYear,
    kind: 'plan',
    scheduleMethod: 'linear',
    source: { importedFrom: opts.filename },
    rows,
    projects: [],
  });
  if (!plan.success) {
    throw refuse(
      { zh: '规划信息有误', en: 'Invalid plan options' },
      plan.error.issues.map((i) => ({
        field: i.path.join('.'),
        value: undefined,
        message: { zh: i.message, en: i.message },
      }))
    );
  }
  return { plan: plan.data, warnings };
}
