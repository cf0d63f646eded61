/**
 * Target-expression parser. It reads the way Chinese health plans write targets (`≥84.53`,
 * `4‰以下`, `2400—3000`, `70左右`, `增长 30%`, `比2015年降低5%`, `力争每年降低 0.5 个百分点以上`,
 * `新增≥12`, `1：1.1`, `全覆盖`, `≥四甲`, `逐步下降`, `要达到55%`, `提高到25%`, `降至9.3%`,
 * `从2016年的34.5%下降到32%以内`, `达4500亿元以上`, `至少开通1条` …) into a typed Target. It never
 * throws and never loses the text: what it cannot read becomes a qualitative target with a warning.
 * The grammar is described in README.md.
 */
import { matchAnnualChange, matchChange, matchIncrement } from './change';
import { readLead, stripFiller, stripModal } from './lead';
import {
  CHANGE_VERB,
  NUMBER,
  PER_100K,
  SUFFIX_OPERATORS,
  directionOfVerb,
  normaliseText,
  readChineseNumeral,
  readNumber,
} from './lexicon';
import { matchLevel } from './levels';
import { matchQualitative } from './qualitative';
import type { Comparator, Direction, Target, TargetWarning } from './types';
import { UNIT, base, opOfSymbol, splitMeasureWord } from './units';

/** What every matcher sees: the cleaned text and what was peeled off it. */
export interface ParseInput {
  raw: string;
  text: string;
  note?: string;
  per?: string;
}

type Matcher = (input: ParseInput) => Target | null;

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

/** `1：1.1`, `≥1∶1.5`, `达到1∶1.2`; `1:1-1:1.2` is a range of the right-hand side per one. */
const ratio: Matcher = (input) => {
  const text = stripFiller(input.text);
  const span =
    /^(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*(?:—+|-|~|至|到)\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)$/.exec(
      text
    );
  if (span) {
    const a = Number(span[2]) / Number(span[1]);
    const b = Number(span[4]) / Number(span[3]);
    return { kind: 'range', ...base(input), min: Math.min(a, b), max: Math.max(a, b) };
  }
  // A word before the ratio (不低于 1∶1.5, 达到 1∶1.2) says how it compares, as for numbers.
  const lead = readLead(text);
  const m = /^(≥|≤|>|<)?\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)$/.exec(lead.rest);
  if (!m) return null;
  return {
    kind: 'ratio',
    ...base(input),
    op: m[1] ? opOfSymbol(m[1]) : (lead.wordOp ?? lead.verbOp ?? null),
    left: Number(m[2]),
    right: Number(m[3]),
  };
};

/** `2400—3000`, `3~5`, `1至2家`, `35张~40张`, `要达到35-40张`. */
const range: Matcher = (input) => {
  const text = stripFiller(input.text);
  const re = new RegExp(String.raw`^${NUMBER}\s*${UNIT}?\s*(?:—+|-|~|至|到)\s*${NUMBER}\s*${UNIT}?$`);
  const m = re.exec(text);
  if (!m) return null;
  const lo = readNumber(m[1] ?? '0', m[2]);
  const hi = readNumber(m[4] ?? '0', m[5]);
  if (m[3] && m[6] && m[3].trim() !== m[6].trim()) return null;
  const unit = splitMeasureWord(m[6] ?? m[3], input);
  return { kind: 'range', ...base(input, unit), min: Math.min(lo, hi), max: Math.max(lo, hi) };
};

/** `100%消除`, `100%控制`: the share is the number, what it achieves is a note. */
function splitPercentState(unit: string | undefined, input: ParseInput): string | undefined {
  const m = unit ? /^([%‰])\s*([\u4e00-\u9fa5]+)$/.exec(unit.trim()) : null;
  if (!m) return unit;
  input.note = input.note ? `${m[2] ?? ''}; ${input.note}` : m[2];
  return m[1];
}

/** A small Chinese numeral before a unit (`达到两人`) read as digits. */
function digitsOf(text: string): string {
  const m = /^([零一二两三四五六七八九十]+)(?=[人名个家所张岁项类条位次种颗])/.exec(text);
  const n = m ? readChineseNumeral(m[1] ?? '') : null;
  return m && n !== null ? `${n}${text.slice(m[0].length)}` : text;
}

function sideOf(op: Comparator): 'up' | 'down' | 'eq' {
  return op === 'ge' || op === 'gt' ? 'up' : op === 'le' || op === 'lt' ? 'down' : 'eq';
}

/**
 * Comparisons, approximations and bare numbers: `≥84.53`, `12/10万以下`, `70左右`, `300余人`,
 * `提高到40%`, `降低到23%以下`, `达1000万以上`. A stated comparator (不低于, ≥, 以上) wins over the
 * one a verb implies (提高到 ≥, 降至 ≤); 左右 and 约 make it approximate.
 */
const numeric: Matcher = (input) => {
  const lead = readLead(input.text);
  const ofPrefix = /^([\u4e00-\u9fa5]{2,12}的)(?=\d)/.exec(lead.rest);
  const body = digitsOf(ofPrefix ? lead.rest.slice(ofPrefix[0].length) : lead.rest);
  const re = new RegExp(
    String.raw`^${NUMBER}\s*(余|\+)?\s*${UNIT}?\s*(及以上|或以上|以上|及以下|以下|以内|之内|左右)?$`
  );
  const m = re.exec(body);
  if (!m) return null;
  const [rawUnit, suffix] = splitBound(m[4], m[5]);
  if (rawUnit && /^(st|nd|rd|th)\b/.test(rawUnit)) return null;
  if (ofPrefix) input.note = input.note ? `${ofPrefix[1] ?? ''}; ${input.note}` : ofPrefix[1];
  const value = readNumber(m[1] ?? '0', m[2]);
  const unit = splitMeasureWord(splitPercentState(rawUnit, input), input);
  const warnings: TargetWarning[] = [];
  if (suffix === '左右' || lead.approx) return { kind: 'approx', ...base(input, unit), value };
  const suffixOp = suffix ? (SUFFIX_OPERATORS.find(([w]) => w === suffix)?.[1] ?? null) : null;
  const moreThan: Comparator | null = m[3] === '余' ? 'gt' : m[3] === '+' ? 'ge' : null;
  const candidates = [lead.wordOp, suffixOp, moreThan, lead.verbOp].filter(
    (o): o is Comparator => o !== null
  );
  const op = candidates[0];
  if (candidates.some((o) => sideOf(o) !== sideOf(op as Comparator))) warnings.push('conflicting-operators');
  if (op === undefined) {
    if (value === 100 && unit === '%') return { kind: 'coverage', ...base(input), value: 100 };
    return { kind: 'value', ...base(input, unit, warnings), value };
  }
  return { kind: 'comparison', ...base(input, unit, warnings), op, value };
};

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

/** Resolve words (要, 力争 …) are dropped before the change and count matchers see the text. */
function withoutModal(matcher: Matcher): Matcher {
  return (input) => matcher({ ...input, text: stripModal(input.text) });
}

const MATCHERS: Matcher[] = [
  withoutModal(matchChange),
  withoutModal(matchAnnualChange),
  withoutModal(matchIncrement),
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
