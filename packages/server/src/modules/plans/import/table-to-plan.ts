/**
 * Turns the rows of an uploaded indicator table into a plan file. Every row is checked; if any
 * row cannot be read the whole table is refused with each problem's row number, column and
 * reason. Qualitative targets and text baselines are accepted with a warning.
 */
import {
  AppError,
  parseObserved,
  parseTarget,
  planFileSchema,
  splitUnitFromName,
  type ErrorIssue,
  type PlanFile,
  type PlanRow,
  type TargetLevel,
} from '@weijian/core';
import { mapHeader, type PlanColumn } from './columns';

export interface TableImportOptions {
  id: string;
  region: string;
  /** Region level decides what a 上级目标值 is: a district's parent is its city. */
  regionLevel: string;
  period: [number, number];
  baseYear: number;
  title: string;
  filename: string;
}

const PARENT_LEVEL: Record<string, TargetLevel> = {
  district: 'city',
  county: 'city',
  'county-level city': 'city',
  city: 'province',
  province: 'national',
};

function issue(row: number, field: string, zh: string, en: string, value?: unknown): ErrorIssue {
  return { row, field, ...(value !== undefined ? { value } : {}), message: { zh, en } };
}

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

/**
 * Build a plan file from table rows (first row = header).
 * @returns the plan and the warnings of rows accepted with a remark
 * @throws AppError VALIDATION_FAILED with one issue per unreadable row or missing column
 */
export function tableToPlan(
  table: string[][],
  opts: TableImportOptions
): { plan: PlanFile; warnings: ErrorIssue[] } {
  const [header, ...body] = table;
  if (!header) throw new AppError('VALIDATION_FAILED', { zh: '表格为空', en: 'The table is empty' });
  const { index, unknown } = mapHeader(header);
  const missing = (['name', 'target'] as const).filter((c) => index[c] === undefined);
  if (missing.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      {
        zh: `缺少必需的列：${missing.map((c) => (c === 'name' ? '指标名称' : '目标值')).join('、')}`,
        en: `Missing required columns: ${missing.join(', ')}`,
      },
      missing.map((c) =>
        issue(
          1,
          c,
          `第 1 行（表头）缺少“${c === 'name' ? '指标名称' : '目标值'}”列`,
          `Row 1 (header) has no "${c}" column`
        )
      )
    );
  }
  const errors: ErrorIssue[] = [];
  const warnings: ErrorIssue[] = unknown.map((h) =>
    issue(1, h, `未识别的列“${h}”，已忽略`, `Unknown column "${h}" ignored`)
  );
  const rows: PlanRow[] = [];
  const cell = (r: string[], col: PlanColumn): string =>
    index[col] === undefined ? '' : (r[index[col]] ?? '').trim();
  const keys = new Set<string>();

  body.forEach((r, i) => {
    const line = i + 2;
    if (r.every((c) => c.trim() === '')) return;
    const rawName = cell(r, 'name');
    if (rawName === '') {
      errors.push(issue(line, 'name', `第 ${line} 行：指标名称为空`, `Row ${line}: indicator name is empty`));
      return;
    }
    const split = splitUnitFromName(rawName);
    const unit = cell(r, 'unit') || split.unit;
    const targetRaw = cell(r, 'target');
    if (targetRaw === '' || /^[—\-–/]+$/.test(targetRaw)) {
      errors.push(
        issue(line, 'target', `第 ${line} 行：目标值为空`, `Row ${line}: target is empty`, targetRaw)
      );
      return;
    }
    const year = (col: 'baseYear' | 'targetYear', fallback: number): number | null => {
      const text = cell(r, col);
      if (text === '') return fallback;
      const y = /^(\d{4})(?:年)?$/.exec(text);
      if (!y) {
        errors.push(
          issue(
            line,
            col,
            `第 ${line} 行：${col === 'baseYear' ? '基期年' : '目标年'}“${text}”不是年份`,
            `Row ${line}: ${col} "${text}" is not a year`,
            text
          )
        );
        return null;
      }
      return Number(y[1]);
    };
    const targetYear = year('targetYear', opts.period[1]);
    const baseYear = year('baseYear', opts.baseYear);
    if (targetYear === null || baseYear === null) return;
    if (targetYear < opts.period[0] || targetYear > opts.period[1]) {
      errors.push(
        issue(
          line,
          'targetYear',
          `第 ${line} 行：目标年 ${targetYear} 不在规划期 ${opts.period[0]}—${opts.period[1]} 内`,
          `Row ${line}: target year ${targetYear} is outside the plan period ${opts.period[0]}–${opts.period[1]}`,
          targetYear
        )
      );
      return;
    }
    const attributeText = cell(r, 'attribute');
    let attribute: PlanRow['attribute'] = null;
    if (/约束|binding/i.test(attributeText)) attribute = 'binding';
    else if (/预期|expected/i.test(attributeText)) attribute = 'expected';
    else if (attributeText !== '') {
      errors.push(
        issue(
          line,
          'attribute',
          `第 ${line} 行：指标属性应为“预期性”或“约束性”，而不是“${attributeText}”`,
          `Row ${line}: attribute must be 预期性 or 约束性, not "${attributeText}"`,
          attributeText
        )
      );
      return;
    }
    const baselineRaw = cell(r, 'baseline');
    if (baselineRaw !== '' && parseObserved(baselineRaw).missing === 'text') {
      warnings.push(
        issue(
          line,
          'baseline',
          `第 ${line} 行：基期值“${baselineRaw}”不是数值，按原文保留`,
          `Row ${line}: baseline "${baselineRaw}" is not a number; kept as written`,
          baselineRaw
        )
      );
    }
    const target = parseTarget(targetRaw);
    if (target.kind === 'qualitative') {
      warnings.push(
        issue(
          line,
          'target',
          `第 ${line} 行：目标“${targetRaw}”为定性目标`,
          `Row ${line}: target "${targetRaw}" is qualitative`,
          targetRaw
        )
      );
    }
    const parentRaw = cell(r, 'parentTarget');
    const seq = cell(r, 'seq');
    let key = `R-${seq !== '' ? seq : String(i + 1)}`;
    if (keys.has(key)) key = `R-${String(i + 1)}`;
    keys.add(key);
    rows.push({
      key,
      origin: 'import',
      ...(seq ? { seq } : {}),
      ...(cell(r, 'category') ? { category: cell(r, 'category') } : {}),
      name: rawName,
      ...(unit ? { unit } : {}),
      ...(cell(r, 'scope') ? { scope: cell(r, 'scope') } : {}),
      indicator: null,
      attribute,
      baseline:
        baselineRaw !== '' && !/^[—\-–]+$/.test(baselineRaw)
          ? { year: baseYear, raw: baselineRaw, source: 'import' }
          : null,
      targets: [
        { year: targetYear, level: 'district', raw: targetRaw },
        ...(parentRaw !== ''
          ? [{ year: targetYear, level: PARENT_LEVEL[opts.regionLevel] ?? ('city' as const), raw: parentRaw }]
          : []),
      ],
      quote: `${opts.filename} 第 ${line} 行：${r.filter((c) => c !== '').join(' | ')}`,
    });
  });
  if (errors.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      {
        zh: `表格有 ${errors.length} 处错误，未导入任何内容`,
        en: `The table has ${errors.length} error(s); nothing was imported`,
      },
      errors
    );
  }
  if (rows.length === 0) {
    throw new AppError('VALIDATION_FAILED', { zh: '表格没有指标行', en: 'The table has no indicator rows' });
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
    throw new AppError(
      'VALIDATION_FAILED',
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
