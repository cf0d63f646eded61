/**
 * Reads one indicator row of a plan table: its name, years, attribute, baseline, other years'
 * values and its targets (one per target column). Problems are returned as issues naming the
 * column in the reader's language; the row number is the issue's own field, never repeated in
 * the message.
 */
import {
  parseObserved,
  parseTarget,
  splitUnitFromName,
  type Bilingual,
  type ErrorIssue,
  type PlanRow,
  type TargetLevel,
} from '@weijian/core';
import { COLUMN_LABELS, normHeader, type PlanColumn } from './columns';
import { yearLabel, type LayoutOptions, type TableLayout } from './header';

/** The row as read, without the key and quote the table assigns. */
export type ReadRow = Omit<PlanRow, 'key' | 'quote'>;

const ATTRIBUTES: Record<string, NonNullable<PlanRow['attribute']>> = {
  约束性: 'binding',
  约束: 'binding',
  binding: 'binding',
  预期性: 'expected',
  预期: 'expected',
  expected: 'expected',
  倡导性: 'advocacy',
  倡导: 'advocacy',
  advocacy: 'advocacy',
  advocated: 'advocacy',
};

/** A label that starts with a year keeps a space after the Chinese word before it (与 2020 年…). */
const spaced = (label: string): string => (/^\d/.test(label) ? ` ${label}` : label);

/** An empty cell or a dash stands for "nothing here". */
const isBlank = (s: string): boolean => s === '' || /^[—\-–－/／]+$/.test(s);

interface Cell {
  index: number;
  field: string;
  label: Bilingual;
  raw: string;
}

interface FoundTarget extends Cell {
  year: number;
  level: TargetLevel;
  stated: boolean;
}

/**
 * Read one data row.
 * @param line - the row's number in the file as the user sees it
 * @returns the row (null when it cannot be read), its errors and its warnings
 */
export function readRow(
  cells: string[],
  line: number,
  layout: TableLayout,
  opts: LayoutOptions & { parentLevel: TargetLevel }
): { row: ReadRow | null; errors: ErrorIssue[]; warnings: ErrorIssue[] } {
  const errors: ErrorIssue[] = [];
  const warnings: ErrorIssue[] = [];
  const issue = (field: string, zh: string, en: string, value?: string): ErrorIssue => ({
    row: line,
    field,
    ...(value !== undefined ? { value } : {}),
    message: { zh, en },
  });
  const at = (index: number | undefined): string => (index === undefined ? '' : (cells[index] ?? '').trim());
  const cell = (col: PlanColumn): string => at(layout.columns[col]);
  const fail = (e: ErrorIssue) => ({ row: null, errors: [...errors, e], warnings });

  const name = cell('name');
  if (name === '') {
    return fail(issue('name', '指标名称为空', 'The indicator name is empty'));
  }
  const year = (col: 'baseYear' | 'targetYear', fallback: number): number | null => {
    const text = cell(col);
    if (text === '') return fallback;
    const y = /^(\d{4})\s*年?$/.exec(text);
    if (y) return Number(y[1]);
    const label = COLUMN_LABELS[col];
    errors.push(issue(col, `${label.zh}“${text}”不是年份`, `The ${label.en} "${text}" is not a year`, text));
    return null;
  };
  const targetYear = year('targetYear', opts.period[1]);
  const baseYear = year('baseYear', opts.baseYear);
  if (targetYear === null || baseYear === null) return { row: null, errors, warnings };
  const [from, to] = opts.period;
  if (targetYear < from || targetYear > to) {
    return fail(
      issue(
        'targetYear',
        `目标年 ${targetYear} 不在规划期 ${from}—${to} 内`,
        `The target year ${targetYear} is outside the plan period ${from}–${to}`,
        String(targetYear)
      )
    );
  }
  const attributeText = cell('attribute');
  const attribute = attributeText === '' ? null : ATTRIBUTES[normHeader(attributeText).replace(/指标$/, '')];
  if (attribute === undefined) {
    return fail(
      issue(
        'attribute',
        `指标属性“${attributeText}”无法识别，应为约束性、预期性或倡导性`,
        `The attribute "${attributeText}" is not one of binding, expected or advocacy`,
        attributeText
      )
    );
  }

  const targets = readTargets(cells, layout, opts, targetYear, cell('targetYear') !== '');
  for (const [i, a] of targets.entries()) {
    const b = targets.slice(i + 1).find((t) => t.year === a.year && t.level === a.level);
    if (b) {
      errors.push(
        issue(
          b.field,
          `${a.label.zh}与${spaced(b.label.zh)}都是 ${a.year} 年的目标`,
          `The ${a.label.en} and the ${b.label.en} are both targets for ${a.year}`,
          b.raw
        )
      );
    }
  }

  const observed = readObserved(cells, layout, opts, baseYear);
  const baselines = observed.filter((o) => o.year === baseYear);
  const [baseline, other] = baselines;
  if (baseline && other && normHeader(baseline.raw) !== normHeader(other.raw)) {
    errors.push(
      issue(
        other.field,
        `${baseline.label.zh}“${baseline.raw}”与${spaced(other.label.zh)}“${other.raw}”不一致`,
        `The ${baseline.label.en} "${baseline.raw}" and the ${other.label.en} "${other.raw}" differ`,
        other.raw
      )
    );
  }
  if (errors.length > 0) return { row: null, errors, warnings };

  for (const o of observed) {
    if (parseObserved(o.raw).missing === 'text') {
      warnings.push(
        issue(
          o.field,
          `${o.label.zh}“${o.raw}”不是数值，按原文保留`,
          `The ${o.label.en} "${o.raw}" is not a number; kept as written`,
          o.raw
        )
      );
    }
  }
  for (const t of targets) {
    if (parseTarget(t.raw).kind === 'qualitative') {
      warnings.push(
        issue(
          t.field,
          `${t.label.zh}“${t.raw}”为定性目标`,
          `The ${t.label.en} "${t.raw}" is qualitative`,
          t.raw
        )
      );
    }
  }
  if (!targets.some((t) => t.level === opts.ownLevel)) {
    warnings.push(
      issue('target', '没有目标值，作为监测指标导入', 'No target: imported as a monitoring-only indicator')
    );
  }

  const split = splitUnitFromName(name);
  const unit = cell('unit') || split.unit;
  const history = observed
    .filter((o) => o.year !== baseYear)
    .map((o) => ({ year: o.year, raw: o.raw, source: 'table' as const }));
  const [seq, category, scope, note] = [cell('seq'), cell('category'), cell('scope'), cell('note')];
  return {
    row: {
      origin: 'import',
      ...(seq ? { seq } : {}),
      ...(category ? { category } : {}),
      name,
      ...(unit ? { unit } : {}),
      ...(scope ? { scope } : {}),
      indicator: null,
      attribute,
      baseline: baseline ? { year: baseYear, raw: baseline.raw, source: 'import' } : null,
      targets: targets.map((t) => ({
        year: t.year,
        level: t.level,
        raw: t.raw,
        ...(t.stated ? {} : { yearStated: false }),
      })),
      ...(history.length > 0 ? { history } : {}),
      ...(note ? { note } : {}),
    },
    errors,
    warnings,
  };
}

/** The row's targets in column order: 目标值 and 上级目标值 (for the row's target year) and year columns. */
function readTargets(
  cells: string[],
  layout: TableLayout,
  opts: LayoutOptions & { parentLevel: TargetLevel },
  targetYear: number,
  yearStated: boolean
): FoundTarget[] {
  const found: FoundTarget[] = [];
  const plain: [PlanColumn, TargetLevel][] = [
    ['target', opts.ownLevel],
    ['parentTarget', opts.parentLevel],
  ];
  for (const [col, level] of plain) {
    const index = layout.columns[col];
    const raw = index === undefined ? '' : (cells[index] ?? '').trim();
    if (index === undefined || isBlank(raw)) continue;
    found.push({
      index,
      field: col,
      label: COLUMN_LABELS[col],
      raw,
      year: targetYear,
      level,
      stated: yearStated,
    });
  }
  for (const y of layout.years) {
    const raw = (cells[y.index] ?? '').trim();
    if (y.role !== 'target' || isBlank(raw)) continue;
    found.push({
      index: y.index,
      field: y.field,
      label: y.label,
      raw,
      year: y.year,
      level: y.level,
      stated: true,
    });
  }
  return found.sort((a, b) => a.index - b.index);
}

/** Values the row states for past years: the 基期值 column and the actual-value year columns. */
function readObserved(
  cells: string[],
  layout: TableLayout,
  opts: LayoutOptions,
  baseYear: number
): (Cell & { year: number })[] {
  const found: (Cell & { year: number })[] = [];
  const index = layout.columns.baseline;
  const raw = index === undefined ? '' : (cells[index] ?? '').trim();
  if (index !== undefined && !isBlank(raw)) {
    found.push({ index, field: 'baseline', label: COLUMN_LABELS.baseline, raw, year: baseYear });
  }
  for (const y of layout.years) {
    const value = (cells[y.index] ?? '').trim();
    if (y.role !== 'actual' || isBlank(value)) continue;
    // Labels follow the row's own base year, which a 基期年 column may set.
    const named = yearLabel(y.year, 'actual', y.level, { ...opts, baseYear });
    found.push({ index: y.index, ...named, raw: value, year: y.year });
  }
  return found;
}
