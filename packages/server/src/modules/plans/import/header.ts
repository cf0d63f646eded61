/**
 * Reads the header of a plan indicator table: one row, or two when the first row groups the
 * second (`现状值` over `2015 | 2020`, `2025年` over `区级指标 | 市级指标`). Each column becomes a
 * plain column (指标名称, 目标值 …) or a year column holding actual values or targets. A bare
 * year is an actual value up to the base year and a target after it.
 */
import type { Bilingual, ErrorIssue, TargetLevel } from '@weijian/core';
import { looksLikeHeader, readHeader, type PlanColumn } from './columns';

/** A column whose header names a year. */
export interface YearColumn {
  index: number;
  /** The header as the file writes it (both rows joined when there are two). */
  header: string;
  year: number;
  role: 'actual' | 'target';
  level: TargetLevel;
  /** Stable field name in issues: `target2030`, `cityTarget2025`, `actual2015`, `baseline`. */
  field: string;
  label: Bilingual;
}

export interface TableLayout {
  /** Rows the header takes (1 or 2); data starts below. */
  headerRows: number;
  columns: Partial<Record<PlanColumn, number>>;
  years: YearColumn[];
  warnings: ErrorIssue[];
  errors: ErrorIssue[];
}

export interface LayoutOptions {
  period: [number, number];
  baseYear: number;
  ownLevel: TargetLevel;
}

const LEVEL_NAMES: Record<TargetLevel, Bilingual> = {
  district: { zh: '区级', en: 'district' },
  city: { zh: '市级', en: 'city' },
  province: { zh: '省级', en: 'provincial' },
  national: { zh: '国家', en: 'national' },
};

/** How messages name a year column, whatever its header says. */
export function yearLabel(
  year: number,
  role: 'actual' | 'target',
  level: TargetLevel,
  opts: LayoutOptions
): { field: string; label: Bilingual } {
  if (role === 'actual') {
    return year === opts.baseYear
      ? { field: 'baseline', label: { zh: `${year} 年基期值`, en: `${year} baseline` } }
      : { field: `actual${year}`, label: { zh: `${year} 年实际值`, en: `${year} actual value` } };
  }
  if (level === opts.ownLevel) {
    return { field: `target${year}`, label: { zh: `${year} 年目标值`, en: `${year} target` } };
  }
  return {
    field: `${level}Target${year}`,
    label: {
      zh: `${year} 年${LEVEL_NAMES[level].zh}目标值`,
      en: `${year} ${LEVEL_NAMES[level].en} target`,
    },
  };
}

function headerIssue(field: string, zh: string, en: string, value?: string): ErrorIssue {
  return { row: 1, field, ...(value !== undefined ? { value } : {}), message: { zh, en } };
}

/**
 * Whether the second row continues the header: its name cell is empty (or repeats the merged
 * cell above), every filled cell reads as a header, and one of them adds to the row above.
 */
function isSubHeader(top: string[], second: string[] | undefined): boolean {
  if (!second) return false;
  const nameAt = top.findIndex((c) => {
    const m = readHeader(c);
    return m.kind === 'column' && m.column === 'name';
  });
  if (nameAt < 0 || ((second[nameAt] ?? '') !== '' && second[nameAt] !== top[nameAt])) return false;
  let adds = false;
  for (const [i, cell] of second.entries()) {
    if (cell === '' || cell === top[i]) continue;
    if (!looksLikeHeader(cell)) return false;
    adds = true;
  }
  return adds;
}

/** Join a two-row header: an empty top cell over a filled one belongs to the group on its left. */
function joinHeader(top: string[], second: string[]): string[] {
  const width = Math.max(top.length, second.length);
  const out: string[] = [];
  let group = '';
  for (let i = 0; i < width; i++) {
    const upper = top[i] ?? '';
    const lower = second[i] ?? '';
    if (upper !== '') group = lower !== '' ? upper : '';
    const head = upper !== '' ? upper : lower !== '' ? group : '';
    out.push(lower === '' || lower === head ? head : `${head}${lower}`);
  }
  return out;
}

/** Read the header rows of a table into its layout, with header-level errors and warnings. */
export function readLayout(table: string[][], opts: LayoutOptions): TableLayout {
  const top = table[0] ?? [];
  const two = isSubHeader(top, table[1]);
  const header = two ? joinHeader(top, table[1] ?? []) : top;
  const columns: Partial<Record<PlanColumn, number>> = {};
  const years: YearColumn[] = [];
  const warnings: ErrorIssue[] = [];
  const errors: ErrorIssue[] = [];
  const [from, to] = opts.period;
  const ignore = (h: string): void => {
    warnings.push(headerIssue(h, `未识别的列“${h}”，已忽略`, `Unknown column "${h}" ignored`, h));
  };

  header.forEach((h, index) => {
    const meaning = readHeader(h);
    if (meaning.kind === 'unknown') {
      if (h.trim() !== '') ignore(h);
      return;
    }
    if (meaning.kind === 'column') {
      if (columns[meaning.column] === undefined) columns[meaning.column] = index;
      else ignore(h);
      return;
    }
    const { year } = meaning;
    if (meaning.kind === 'ambiguous') {
      errors.push(
        headerIssue(
          h,
          `列“${h}”含年份 ${year}，但看不出是实际值还是目标值；请写成“${year}年实际值”或“${year}年目标值”`,
          `Column "${h}" has the year ${year} but does not say whether it holds actual values or targets; name it like "actual${year}" or "target${year}"`,
          h
        )
      );
      return;
    }
    const role = meaning.role ?? (year <= opts.baseYear ? 'actual' : 'target');
    const level = meaning.level ?? opts.ownLevel;
    if (role === 'actual' && level !== opts.ownLevel) {
      // Another level's actual values (市级现状值 in a district plan) are not this plan's data.
      ignore(h);
      return;
    }
    if (role === 'target' && (year < from || year > to)) {
      errors.push(
        meaning.role === null
          ? headerIssue(
              h,
              `列“${h}”：晚于基期年 ${opts.baseYear} 的年份按目标值读取，但 ${year} 年不在规划期 ${from}—${to} 内`,
              `Column "${h}": a year after the base year ${opts.baseYear} is read as a target, but ${year} is outside the plan period ${from}–${to}`,
              h
            )
          : headerIssue(
              h,
              `列“${h}”的目标年 ${year} 不在规划期 ${from}—${to} 内`,
              `Column "${h}": the target year ${year} is outside the plan period ${from}–${to}`,
              h
            )
      );
      return;
    }
    const same = years.find((y) => y.year === year && y.role === role && y.level === level);
    const named = yearLabel(year, role, level, opts);
    if (same) {
      errors.push(
        headerIssue(
          named.field,
          `列“${same.header}”和“${h}”都是 ${named.label.zh}`,
          `Columns "${same.header}" and "${h}" both hold the ${named.label.en}`,
          h
        )
      );
      return;
    }
    years.push({ index, header: h, year, role, level, ...named });
  });

  const hasTarget =
    columns.target !== undefined || years.some((y) => y.role === 'target' && y.level === opts.ownLevel);
  if (columns.name === undefined) {
    errors.push(headerIssue('name', '表头缺少“指标名称”列', 'The header has no indicator name column'));
  }
  if (!hasTarget) {
    errors.push(
      headerIssue(
        'target',
        `表头缺少目标值列：应有“目标值”列、带年份的目标列（如“${to}年目标值”），或晚于基期年 ${opts.baseYear} 的年份列`,
        `The header has no target column: use "target", a target column with a year (such as "target${to}"), or a year after the base year ${opts.baseYear}`
      )
    );
  }
  return { headerRows: two ? 2 : 1, columns, years, warnings, errors };
}
