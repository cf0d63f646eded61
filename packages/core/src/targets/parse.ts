/**
 * Target-expression parser. It reads the way Chinese health plans write targets (`≥84.53`,
 * `4‰以下`, `2400—3000`, `70左右`, `增长 30%`, `比2015年降低5%`, `力争每年降低 0.5 个百分点以上`,
 * `新增≥12`, `1：1.1`, `全覆盖`, `≥四甲`, `逐步下降` …) into a typed Target. It never throws and
 * never loses the text: what it cannot read becomes a qualitative target with a warning.
 */
import {
  CHANGE_VERB,
  FILLER_VERBS,
  NUMBER,
  PER_100K,
  PREFIX_OPERATORS,
  SUFFIX_OPERATORS,
  directionOfVerb,
  normaliseText,
  normaliseUnit,
  readChineseNumeral,
  readNumber,
} from './lexicon';
import { matchLevel } from './levels';
import { matchQualitative } from './qualitative';
import type { ChangeMode, Comparator, Direction, Target, TargetWarning } from './types';

/** What every matcher sees: the cleaned text and what was peeled off it. */
export interface ParseInput {
  raw: string;
  text: string;
  note?: string;
  per?: string;
}

type Matcher = (input: ParseInput) => Target | null;

/** Characters a unit may not contain: digits and anything that starts another clause. */
const UNIT = String.raw`([^\d≥≤<>=~—:;,、+→]{1,24}?)`;
const BOUND_SUFFIX = String.raw`(以上|及以上|以下|及以下|左右)?`;

function base(input: ParseInput, unit?: string, warnings: TargetWarning[] = []) {
  const u = normaliseUnit(unit);
  return {
    raw: input.raw,
    ...(u !== undefined ? { unit: u } : {}),
    ...(input.per !== undefined ? { per: input.per } : {}),
    ...(input.note !== undefined ? { note: input.note } : {}),
    warnings,
  };
}

const TRAILING_BOUNDS = ['及以上', '或以上', '以上', '及以下', '以下', '以内', '之内', '左右'];

/** A lazy unit capture may swallow a trailing 以上/左右; give it back to the bound. */
function splitBound(
  unit: string | undefined,
  bound: string | undefined
): [string | undefined, string | undefined] {
  if (!unit || bound) return [unit, bound];
  const found = TRAILING_BOUNDS.find((b) => unit.trim().endsWith(b));
  if (!found) return [unit, bound];
  const rest = unit.trim().slice(0, -found.length).trim();
  return [rest === '' ? undefined : rest, found];
}

/** Split a measure word from the thing counted: `个国家卫生县城` → 个 + 国家卫生县城. */
function splitMeasureWord(unit: string | undefined, input: ParseInput): string | undefined {
  if (!unit) return unit;
  const u = unit.trim();
  const m = /^(个|家|所|项|名|张|间|场|床|台|支)([\u4e00-\u9fa5]{2,})$/.exec(u);
  if (!m || u.startsWith('个百分点')) return u;
  input.note = input.note ? `${m[2] ?? ''}; ${input.note}` : m[2];
  return m[1];
}

function changeMode(unit: string | undefined): ChangeMode {
  if (unit === '%') return 'percent';
  if (unit === '个百分点' || unit === '百分点') return 'points';
  return 'absolute';
}

const changeFromYear: Matcher = (input) => {
  const re = new RegExp(
    String.raw`^(?:比|较)(\d{4})\s*年(?:相比)?\s*${CHANGE_VERB}\s*(?:了)?\s*(?:约)?\s*${NUMBER}\s*${UNIT}?\s*${BOUND_SUFFIX}$`
  );
  const m = re.exec(input.text);
  if (!m) return null;
  const unit = normaliseUnit(m[5]);
  return {
    kind: 'change',
    ...base(input, unit),
    direction: directionOfVerb(m[2] ?? '') as Direction,
    amount: readNumber(m[3] ?? '0', m[4]),
    mode: changeMode(unit),
    from: { type: 'year', year: Number(m[1]) },
    bound: m[6] === '以下' || m[6] === '及以下' ? 'atMost' : 'atLeast',
  };
};

const changeFromBaseline: Matcher = (input) => {
  const re = new RegExp(
    String.raw`^(?:比基期|较基期|比基线)?\s*${CHANGE_VERB}\s*(?:了)?\s*(?:约)?\s*${NUMBER}\s*${UNIT}?\s*${BOUND_SUFFIX}$`
  );
  const m = re.exec(input.text);
  if (!m) return null;
  const unit = normaliseUnit(m[4]);
  return {
    kind: 'change',
    ...base(input, unit),
    direction: directionOfVerb(m[1] ?? '') as Direction,
    amount: readNumber(m[2] ?? '0', m[3]),
    mode: changeMode(unit),
    from: { type: 'baseline' },
    bound: m[5] === '以下' || m[5] === '及以下' ? 'atMost' : 'atLeast',
  };
};

const annualChange: Matcher = (input) => {
  const re = new RegExp(
    String.raw`^(?:力争)?\s*(?:每年|年均|平均每年)\s*${CHANGE_VERB}\s*${NUMBER}\s*${UNIT}?\s*${BOUND_SUFFIX}$`
  );
  const m = re.exec(input.text);
  if (!m) return null;
  const unit = normaliseUnit(m[4]);
  return {
    kind: 'annualChange',
    ...base(input, unit),
    direction: directionOfVerb(m[1] ?? '') as Direction,
    amount: readNumber(m[2] ?? '0', m[3]),
    mode: changeMode(unit),
    bound: m[5] === '以下' || m[5] === '及以下' ? 'atMost' : 'atLeast',
  };
};

const increment: Matcher = (input) => {
  const re = new RegExp(String.raw`^(?:新增|净增|\+)\s*(≥|≤|>|<)?\s*${NUMBER}\s*${UNIT}?\s*(以上)?$`);
  const m = re.exec(input.text);
  if (!m) return null;
  const op = m[1] ? opOfSymbol(m[1]) : m[5] ? 'ge' : 'ge';
  return {
    kind: 'increment',
    ...base(input, splitMeasureWord(m[4], input)),
    op,
    value: readNumber(m[2] ?? '0', m[3]),
  };
};

const ratio: Matcher = (input) => {
  const m = /^(≥|≤|>|<)?\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)$/.exec(input.text);
  if (!m) return null;
  return {
    kind: 'ratio',
    ...base(input),
    op: m[1] ? opOfSymbol(m[1]) : null,
    left: Number(m[2]),
    right: Number(m[3]),
  };
};

const range: Matcher = (input) => {
  const re = new RegExp(String.raw`^${NUMBER}\s*${UNIT}?\s*(?:—+|-|~|至|到)\s*${NUMBER}\s*${UNIT}?$`);
  const m = re.exec(input.text);
  if (!m) return null;
  const lo = readNumber(m[1] ?? '0', m[2]);
  const hi = readNumber(m[4] ?? '0', m[5]);
  const unit = splitMeasureWord(m[6] ?? m[3], input);
  if (m[3] && m[6] && normaliseUnit(m[3]) !== normaliseUnit(m[6])) return null;
  return { kind: 'range', ...base(input, unit), min: Math.min(lo, hi), max: Math.max(lo, hi) };
};

function opOfSymbol(symbol: string): Comparator {
  return PREFIX_OPERATORS.find(([w]) => w === symbol)?.[1] ?? 'eq';
}

/** Peel comparison words and filler verbs off the front of a text. */
function stripPrefix(text: string): { op: Comparator | null; rest: string; approx: boolean } {
  let rest = text;
  let op: Comparator | null = null;
  let approx = false;
  for (let changed = true; changed;) {
    changed = false;
    const found = PREFIX_OPERATORS.find(([w]) => rest.startsWith(w));
    if (found && op === null) {
      op = found[1];
      rest = rest.slice(found[0].length).trim();
      changed = true;
    }
    const filler = FILLER_VERBS.find((w) => rest.startsWith(w) && rest.length > w.length);
    if (filler) {
      rest = rest.slice(filler.length).trim();
      changed = true;
    }
    if (rest.startsWith('约')) {
      approx = true;
      rest = rest.slice(1).trim();
      changed = true;
    }
  }
  return { op, rest, approx };
}

/** Comparisons, approximations and bare numbers: `≥84.53`, `12/10万以下`, `70左右`, `300余人`. */
const numeric: Matcher = (input) => {
  const { op: prefixOp, rest, approx: prefixApprox } = stripPrefix(input.text);
  const ofPrefix = /^([\u4e00-\u9fa5]{2,12}的)(?=\d)/.exec(rest);
  const body = ofPrefix ? rest.slice(ofPrefix[0].length) : rest;
  const re = new RegExp(
    String.raw`^${NUMBER}\s*(余|\+)?\s*${UNIT}?\s*(及以上|或以上|以上|及以下|以下|以内|之内|左右)?$`
  );
  const m = re.exec(body);
  if (!m) return null;
  const [rawUnit, suffix] = splitBound(m[4], m[5]);
  if (rawUnit && /^(st|nd|rd|th)\b/.test(rawUnit)) return null;
  if (ofPrefix) input.note = input.note ? `${ofPrefix[1] ?? ''}; ${input.note}` : ofPrefix[1];
  const value = readNumber(m[1] ?? '0', m[2]);
  const unit = splitMeasureWord(rawUnit, input);
  const warnings: TargetWarning[] = [];
  if (suffix === '左右' || prefixApprox) return { kind: 'approx', ...base(input, unit), value };
  const suffixOp = suffix ? (SUFFIX_OPERATORS.find(([w]) => w === suffix)?.[1] ?? null) : null;
  const moreThan: Comparator | null = m[3] === '余' ? 'gt' : m[3] === '+' ? 'ge' : null;
  const candidates = [prefixOp, suffixOp, moreThan].filter((o): o is Comparator => o !== null);
  const op = candidates[0];
  if (candidates.some((o) => sideOf(o) !== sideOf(op as Comparator))) warnings.push('conflicting-operators');
  if (op === undefined) {
    if (value === 100 && unit === '%') return { kind: 'coverage', ...base(input), value: 100 };
    return { kind: 'value', ...base(input, unit, warnings), value };
  }
  return { kind: 'comparison', ...base(input, unit, warnings), op, value };
};

function sideOf(op: Comparator): 'up' | 'down' | 'eq' {
  return op === 'ge' || op === 'gt' ? 'up' : op === 'le' || op === 'lt' ? 'down' : 'eq';
}

/** `七大平台`, `八项标准`, `10大类`: a Chinese count of things. */
const chineseCount: Matcher = (input) => {
  const m = /^([零一二两三四五六七八九十]+)(大|个|项|类|家|所)([\u4e00-\u9fa5]*)$/.exec(input.text);
  if (!m || /[一二两三四五六七八九十][个项类家所]/.test(m[3] ?? '')) return null;
  const n = readChineseNumeral(m[1] ?? '');
  if (n === null) return null;
  if (m[3]) input.note = input.note ? `${m[3]}; ${input.note}` : m[3];
  return { kind: 'value', ...base(input, m[2] === '大' ? undefined : m[2]), value: n };
};

/** `零麻风`: elimination, i.e. at most zero. */
const zero: Matcher = (input) => {
  const m = /^零([\u4e00-\u9fa5]+)$/.exec(input.text);
  if (!m) return null;
  input.note = input.note ? `${m[1] ?? ''}; ${input.note}` : m[1];
  return { kind: 'comparison', ...base(input), op: 'le', value: 0 };
};

const MATCHERS: Matcher[] = [
  changeFromYear,
  annualChange,
  changeFromBaseline,
  increment,
  ratio,
  (input) => matchLevel(input, base(input)),
  range,
  numeric,
  chineseCount,
  zero,
];

/** Peel a trailing parenthetical remark (a translation, a restatement) off the text. */
function peelNote(text: string): { text: string; note?: string } {
  const m = /^(.*\S)\s*\(([^()]*)\)$/.exec(text);
  if (!m || !m[1]) return { text };
  return { text: m[1].trim(), note: m[2]?.trim() };
}

/** Peel an English `per X` scope (`≥1 per 街道`) off the text. */
function peelPer(text: string): { text: string; per?: string } {
  const m = /^(.*?\S)\s+per\s+(?!100,?000)(.+)$/.exec(text);
  if (!m || !m[1]) return { text };
  return { text: m[1].trim(), per: m[2]?.trim() };
}

/**
 * Parse the raw text of a target into a typed Target.
 * @param raw - the text as written in the plan
 * @returns a typed target; never throws, never drops the text
 */
export function parseTarget(raw: string): Target {
  const normal = normaliseText(raw.replace(/^["“”'‘’]+|["“”'‘’]+$/g, (q) => (raw.length > 2 ? q : '')));
  if (normal === '' || /^[—\-/]+$/.test(normal) || normal === '无') {
    return { kind: 'qualitative', raw, direction: null, warnings: ['no-target'] };
  }
  const noted = peelNote(normal);
  // "/10万" holds digits that would read as a second number; spell it without them.
  const scoped = peelPer(noted.text.replace(PER_100K, '/十万'));
  const input: ParseInput = {
    raw,
    text: scoped.text,
    ...(noted.note !== undefined ? { note: noted.note } : {}),
    ...(scoped.per !== undefined ? { per: scoped.per } : {}),
  };
  const qualitative = matchQualitative(input, base(input));
  if (qualitative && qualitative.kind !== 'qualitative') return qualitative;
  for (const matcher of MATCHERS) {
    const attempt = { ...input };
    const target = matcher(attempt);
    if (target) return target;
  }
  if (qualitative) return qualitative;
  const numbers = input.text.replace(/\/十万/g, '').match(/\d+(?:\.\d+)?/g) ?? [];
  const direction = inferDirection(input.text);
  return {
    kind: 'qualitative',
    ...base(input),
    direction,
    warnings: [numbers.length >= 2 ? 'compound' : 'unrecognised'],
  };
}

function inferDirection(text: string): Direction | null {
  const verb = new RegExp(CHANGE_VERB).exec(text)?.[1];
  return verb ? directionOfVerb(verb) : null;
}
