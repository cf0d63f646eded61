/**
 * Ordinal grades that plans set as targets: EMR application levels (电子病历应用水平 五级),
 * interoperability maturity (互联互通 四级甲等, written 四甲), hospital grades (三级甲等, 三甲) and
 * letter grades (C级). Each grade gets a rank so that `≥四甲` can be checked.
 */
import { readChineseNumeral } from './lexicon';
import type { ParseInput } from './parse';
import type { Comparator, LevelScheme, LevelTarget } from './types';

type Base = Omit<LevelTarget, 'kind' | 'op' | 'scheme' | 'level' | 'rank'>;

const OPS: Record<string, Comparator> = { '≥': 'ge', '≤': 'le', '>': 'gt', '<': 'lt', 不低于: 'ge' };
const LEAD = String.raw`^(≥|≤|>|<|不低于)?\s*(?:达到|创建|建成|成为)?\s*`;
const TAIL = String.raw`(及以上|以上)?\s*(.*)$`;

function digit(text: string): number | null {
  return /^\d$/.test(text) ? Number(text) : readChineseNumeral(text);
}

function build(
  base: Base,
  input: ParseInput,
  op: string | undefined,
  scheme: LevelScheme,
  level: string,
  rank: number,
  rest: string | undefined
): LevelTarget {
  const note = [rest?.trim(), input.note].filter((s): s is string => !!s).join('; ');
  return {
    kind: 'level',
    ...base,
    ...(note ? { note } : {}),
    op: op ? (OPS[op] ?? 'ge') : 'ge',
    scheme,
    level,
    rank,
  };
}

/** Rank of a hospital grade: 一级 10 … 三级 30; 乙等 +2, 甲等 +3 (三甲 = 33). */
function hospitalRank(n: number, grade: string | undefined): number {
  return n * 10 + (grade?.startsWith('甲') ? 3 : grade?.startsWith('乙') ? 2 : 0);
}

/**
 * Match a grade target at the start of the text.
 * @returns a LevelTarget, or null when the text is not a grade
 */
export function matchLevel(input: ParseInput, base: Base): LevelTarget | null {
  const text = input.text;
  const letter = new RegExp(`${LEAD}(?:国家)?([A-D])\\s*级${TAIL}`).exec(text);
  if (letter) {
    const rank = 'DCBA'.indexOf(letter[2] ?? 'D') + 1;
    return build(base, input, letter[1], 'generic', `${letter[2] ?? ''}级`, rank, letter[4]);
  }
  const interop = new RegExp(`${LEAD}([四五])(甲|乙)(?:等)?${TAIL}`).exec(text);
  if (interop && !/医院|院/.test(interop[5] ?? '')) {
    const n = digit(interop[2] ?? '') ?? 0;
    const rank = n * 10 + (interop[3] === '甲' ? 2 : 1);
    return build(
      base,
      input,
      interop[1],
      'interop',
      `${interop[2] ?? ''}${interop[3] ?? ''}`,
      rank,
      interop[5]
    );
  }
  const shortGrade = new RegExp(`${LEAD}([一二三])(甲|乙)${TAIL}`).exec(text);
  if (shortGrade) {
    const n = digit(shortGrade[2] ?? '') ?? 0;
    const level = `${shortGrade[2] ?? ''}${shortGrade[3] ?? ''}`;
    return build(
      base,
      input,
      shortGrade[1],
      'hospital-grade',
      level,
      hospitalRank(n, shortGrade[3]),
      shortGrade[5]
    );
  }
  const numbered = new RegExp(`${LEAD}([一二三四五六七八九]|\\d)\\s*级(甲等|乙等)?${TAIL}`).exec(text);
  if (numbered) {
    const n = digit(numbered[2] ?? '') ?? 0;
    const rest = numbered[5] ?? '';
    const level = `${numbered[2] ?? ''}级${numbered[3] ?? ''}`;
    // 四级甲等 and above are interoperability grades; hospitals stop at 三级.
    if (numbered[3] !== undefined && n >= 4) {
      return build(
        base,
        input,
        numbered[1],
        'interop',
        level,
        n * 10 + (numbered[3] === '甲等' ? 2 : 1),
        rest
      );
    }
    const isHospital = numbered[3] !== undefined || /医院|院/.test(rest);
    if (!isHospital && rest !== '') return null;
    return isHospital
      ? build(base, input, numbered[1], 'hospital-grade', level, hospitalRank(n, numbered[3]), rest)
      : build(base, input, numbered[1], 'generic', level, n, rest);
  }
  return null;
}
