/**
 * Changes, yearly changes and increments: `增长 30%`, `提高6个百分点`, `较2024年分别下降10%`,
 * `比2015年(24.31)降低10个百分点`, `在2015年基础上提高1岁`, `比“十三五”末提高1岁`,
 * `较目前再增加约3岁`, `在现有基础上提高50%`, `每年降0.5%以上`, `较上年度提升2%`,
 * `在2018年的基础上每年降低0.5个百分点以上`, `新增≥12`, `新增普惠性托位66万个`.
 */
import { CHANGE_VERB, NUMBER, PERIOD_END_YEAR, directionOfVerb, normaliseUnit, readNumber } from './lexicon';
import type { ParseInput } from './parse';
import type {
  AnnualChangeTarget,
  ChangeMode,
  ChangeTarget,
  Comparator,
  Direction,
  IncrementTarget,
} from './types';
import { UNIT, base, opOfSymbol, splitMeasureWord } from './units';

/** Words between the reference and the verb that change nothing: 分别, 再, 继续, 累计. */
const BETWEEN = String.raw`(?:分别|再|继续|累计|进一步)?`;

/** After the amount: 以上 (at least), 以下/以内 (at most, 以下 is ≤), 左右 (about). */
const BOUND = String.raw`(以上|及以上|以下|及以下|以内|左右)?`;

function changeMode(unit: string | undefined): ChangeMode {
  if (unit === '%') return 'percent';
  if (unit === '个百分点' || unit === '百分点') return 'points';
  return 'absolute';
}

function boundOf(suffix: string | undefined, about: boolean): ChangeTarget['bound'] {
  if (suffix === '左右' || about) return 'about';
  return suffix === '以下' || suffix === '及以下' || suffix === '以内' ? 'atMost' : 'atLeast';
}

/** A percent or points change has no unit of its own: % and 个百分点 are its mode. */
function amountUnit(unit: string | undefined): string | undefined {
  return changeMode(unit) === 'absolute' ? unit : undefined;
}

type Reference = ChangeTarget['from'];

/** The ways plans name what a change is measured from. */
const REFERENCES: [RegExp, (m: RegExpExecArray) => Reference, (m: RegExpExecArray) => string | undefined][] =
  [
    // 比2015年, 较2024年, 比2015年(24.31): the figure in brackets is that year's value, kept as a note
    [
      /^(?:比|较|与)\s*(\d{4})\s*年\s*(?:\(\s*([\d.]+)\s*\))?\s*(?:相比)?\s*/,
      (m) => ({ type: 'year', year: Number(m[1]) }),
      (m) => (m[2] ? `${m[1]}年: ${m[2]}` : undefined),
    ],
    // 在2015年基础上, 在2005年的基础之上
    [
      /^在\s*(\d{4})\s*年\s*的?\s*基础\s*[之]?\s*上\s*/,
      (m) => ({ type: 'year', year: Number(m[1]) }),
      () => undefined,
    ],
    // 比“十三五”末: the last year of that five-year period
    [
      /^(?:比|较)\s*["“]?(十[一二三四五]五)["”]?\s*(?:期)?末\s*/,
      (m) => ({ type: 'year', year: PERIOD_END_YEAR[m[1] ?? ''] ?? 0 }),
      () => undefined,
    ],
    // 比基期, 较目前, 在现有基础上: the plan's own baseline
    [
      /^(?:(?:比|较)\s*(?:基期|基线|目前|现在|现有水平)|在\s*现有\s*(?:水平|基础)\s*上)\s*/,
      () => ({ type: 'baseline' }),
      () => undefined,
    ],
  ];

/**
 * `[reference] verb [约] amount [unit] [bound]`; without a reference the change runs from the
 * plan's baseline.
 */
export function matchChange(input: ParseInput): ChangeTarget | null {
  let rest = input.text;
  let from: Reference = { type: 'baseline' };
  let note: string | undefined;
  for (const [re, ref, noteOf] of REFERENCES) {
    const m = re.exec(rest);
    if (!m) continue;
    from = ref(m);
    note = noteOf(m);
    rest = rest.slice(m[0].length);
    break;
  }
  if (from.type === 'year' && from.year === 0) return null;
  const re = new RegExp(
    String.raw`^${BETWEEN}\s*${CHANGE_VERB}\s*(?:了)?\s*(约)?\s*${NUMBER}\s*${UNIT}?\s*${BOUND}$`
  );
  const m = re.exec(rest);
  if (!m) return null;
  const unit = normaliseUnit(m[5]);
  if (note) input.note = input.note ? `${note}; ${input.note}` : note;
  return {
    kind: 'change',
    ...base(input, amountUnit(unit)),
    direction: directionOfVerb(m[1] ?? '') as Direction,
    amount: readNumber(m[3] ?? '0', m[4]),
    mode: changeMode(unit),
    from,
    bound: boundOf(m[6], m[2] === '约'),
  };
}

/** `每年降低 0.5 个百分点以上`, `年均增长5%`, `较上年度提升2%`, `在2018年的基础上每年…`. */
export function matchAnnualChange(input: ParseInput): AnnualChangeTarget | null {
  const re = new RegExp(
    String.raw`^(?:在\s*\d{4}\s*年\s*的?\s*基础\s*[之]?\s*上\s*)?(?:每年|年均|平均每年|(?:比|较)\s*上一?年度?)\s*${CHANGE_VERB}\s*(约)?\s*${NUMBER}\s*${UNIT}?\s*${BOUND}$`
  );
  const m = re.exec(input.text);
  if (!m) return null;
  const unit = normaliseUnit(m[5]);
  return {
    kind: 'annualChange',
    ...base(input, amountUnit(unit)),
    direction: directionOfVerb(m[1] ?? '') as Direction,
    amount: readNumber(m[3] ?? '0', m[4]),
    mode: changeMode(unit),
    bound: boundOf(m[6], m[2] === '约'),
  };
}

/** `新增≥12`, `+50 名`, `新增普惠性托位66万个` (what is added is kept as a note). */
export function matchIncrement(input: ParseInput): IncrementTarget | null {
  const re = new RegExp(
    String.raw`^(?:新增|净增|\+)\s*([\u4e00-\u9fa5]{1,12}?)?\s*(≥|≤|>|<)?\s*${NUMBER}\s*${UNIT}?\s*(以上)?$`
  );
  const m = re.exec(input.text);
  if (!m) return null;
  if (m[1]) input.note = input.note ? `${m[1]}; ${input.note}` : m[1];
  const op: Comparator = m[2] ? opOfSymbol(m[2]) : 'ge';
  return {
    kind: 'increment',
    ...base(input, splitMeasureWord(m[5], input)),
    op,
    value: readNumber(m[3] ?? '0', m[4]),
  };
}
