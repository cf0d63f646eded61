/**
 * The columns of a plan indicator table: the Chinese headers bureaus use, English aliases, and
 * how a header that carries a year (`2025年目标值`, `2020年现状值`, `target2030`, a bare `2015`)
 * is read. Plans write the same thing many ways, so headers are compared without spaces and
 * with full-width brackets folded.
 */
import type { Bilingual, TargetLevel } from '@weijian/core';

/** Headers without a year, each with its aliases (compared after {@link normHeader}). */
export const PLAN_COLUMNS = {
  seq: ['序号', 'seq', 'no'],
  category: ['类别', '领域', '分类', 'category'],
  name: ['指标名称', '主要指标', '指标', 'name', 'indicator'],
  unit: ['单位', '计量单位', 'unit'],
  scope: ['统计口径', 'scope'],
  baseYear: ['基期年', '基期年份', 'baseyear', 'base year'],
  baseline: ['基期值', '基期', '基期水平', '基线值', '现状值', 'baseline'],
  targetYear: ['目标年', '目标年份', 'targetyear', 'target year'],
  target: ['目标值', '目标', '规划目标', 'target'],
  parentTarget: ['上级目标值', '上级目标', 'parenttarget', 'parent target'],
  attribute: ['指标属性', '指标性质', '属性', '性质', 'attribute'],
  note: ['备注', '说明', 'note'],
} as const;

export type PlanColumn = keyof typeof PLAN_COLUMNS;

/** How messages name each column: the Chinese header in Chinese, plain words in English. */
export const COLUMN_LABELS: Record<PlanColumn, Bilingual> = {
  seq: { zh: '序号', en: 'number' },
  category: { zh: '类别', en: 'category' },
  name: { zh: '指标名称', en: 'indicator name' },
  unit: { zh: '单位', en: 'unit' },
  scope: { zh: '统计口径', en: 'scope' },
  baseYear: { zh: '基期年', en: 'base year' },
  baseline: { zh: '基期值', en: 'baseline' },
  targetYear: { zh: '目标年', en: 'target year' },
  target: { zh: '目标值', en: 'target' },
  parentTarget: { zh: '上级目标值', en: 'higher-level target' },
  attribute: { zh: '指标属性', en: 'attribute' },
  note: { zh: '备注', en: 'note' },
};

/** Level words in Chinese and English; a level that is not the plan's own marks a higher target. */
const LEVEL_WORDS: [RegExp, TargetLevel][] = [
  [/^(区|县|县区|区县)级?$|^district$|^county$/, 'district'],
  [/^市级?$|^city$/, 'city'],
  [/^省级?$|^province$|^provincial$/, 'province'],
  [/^(国家|全国)级?$|^national$/, 'national'],
];

const TARGET_WORDS = [
  '目标值',
  '目标',
  '指标值',
  '指标',
  '规划目标值',
  '规划目标',
  '规划值',
  '预期目标',
  '预期值',
  'target',
  'targets',
  'goal',
];
const ACTUAL_WORDS = [
  '现状值',
  '现状',
  '基期值',
  '基期',
  '基期水平',
  '基线值',
  '基线',
  '基数',
  '水平',
  '实际值',
  '实际',
  '完成值',
  '完成',
  '实现值',
  '统计值',
  'actual',
  'actuals',
  'baseline',
  'base',
];
/** Year columns that hold neither values nor targets (status, growth, remarks): ignored. */
const OTHER_WORDS = /情况|说明|备注|增长|增速|幅度|变化|growth|status|note/;

/** A header compared without spaces, in lower case, with full-width brackets folded. */
export const normHeader = (s: string): string =>
  s
    .replace(/\s+/g, '')
    .replace(/[（〔【[]/g, '(')
    .replace(/[）〕】\]]/g, ')')
    .toLowerCase();

/** What one header cell means. */
export type HeaderMeaning =
  | { kind: 'column'; column: PlanColumn }
  /** A year column: `role` null for a bare year; `level` null for the plan's own level. */
  | { kind: 'year'; year: number; role: 'actual' | 'target' | null; level: TargetLevel | null }
  /** A year with words that say neither actual nor target (`2025年数据`). */
  | { kind: 'ambiguous'; year: number }
  | { kind: 'unknown' };

function levelOf(word: string): TargetLevel | undefined {
  return LEVEL_WORDS.find(([re]) => re.test(word))?.[1];
}

/**
 * Read a label next to a year (`目标值`, `区级指标`, `深圳市级指标`, `现状`, `citytarget`): the
 * role from the word it ends with, and the level when a level word precedes that word.
 */
function readLabel(label: string): { role: 'actual' | 'target'; level: TargetLevel | null } | null {
  for (const [words, role] of [
    [TARGET_WORDS, 'target'],
    [ACTUAL_WORDS, 'actual'],
  ] as const) {
    for (const word of [...words].sort((a, b) => b.length - a.length)) {
      if (!label.endsWith(word)) continue;
      const before = label.slice(0, label.length - word.length);
      // A place name may precede the level word (深圳市级 → 市级); other words (规划, 考核) do
      // not change what the column holds.
      for (let i = 0; i < before.length; i++) {
        const level = levelOf(before.slice(i));
        if (level) return { role, level };
      }
      return { role, level: null };
    }
  }
  return null;
}

/** Classify one header cell. */
export function readHeader(cell: string): HeaderMeaning {
  const key = normHeader(cell);
  if (key === '') return { kind: 'unknown' };
  const years = key.match(/(?:19|20)\d{2}/g) ?? [];
  if (years.length === 1) {
    const year = Number(years[0]);
    const label = key.replace(new RegExp(`${String(year)}年?`), '').replace(/[()（）:：_\-—·,，、]/g, '');
    if (label === '') return { kind: 'year', year, role: null, level: null };
    const read = readLabel(label);
    if (read) return { kind: 'year', year, ...read };
    if (OTHER_WORDS.test(label)) return { kind: 'unknown' };
    return { kind: 'ambiguous', year };
  }
  const column = (Object.keys(PLAN_COLUMNS) as PlanColumn[]).find((col) =>
    PLAN_COLUMNS[col].some((alias) => normHeader(alias) === key)
  );
  return column ? { kind: 'column', column } : { kind: 'unknown' };
}

/** Whether a cell reads as a header (a known column, a year column, or a role word alone). */
export function looksLikeHeader(cell: string): boolean {
  const meaning = readHeader(cell);
  return meaning.kind !== 'unknown' || readLabel(normHeader(cell)) !== null;
}
