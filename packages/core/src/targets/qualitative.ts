/**
 * Targets without a number: coverage idioms (全覆盖, 应建尽建, every 社区), direction-only targets
 * (逐步下降, 稳步提高), targets relative to another place (保持省内平均水平) and milestones
 * (基本建成, 投入使用). Coverage is checkable; the rest keep their direction for evaluation.
 */
import { DECREASE_WORDS, INCREASE_WORDS, SLOWING_WORDS } from './lexicon';
import type { ParseInput } from './parse';
import type { CoverageTarget, QualitativeDirection, QualitativeTarget, Target } from './types';

type Base = Omit<QualitativeTarget, 'kind' | 'direction'>;

const PLACES = '省内|全省|全市|全区|全县|全国|国内|国际|世界|同级|区域|同类|中高收入国家|高收入国家|发达国家';
/**
 * A place or peer group and how it stands (全国平均水平, 全市前列, 高收入国家平均水平), a group's
 * own level (发达国家水平) or an average written short (省均水平).
 */
const RELATIVE = new RegExp(
  `(?:${PLACES})[\u4e00-\u9fa5]{0,6}?(?:平均|领先|先进|前列|一流)(?:水平)?|(?:中高收入国家|高收入国家|发达国家)水平|[省市区县]均水平`
);
const MILESTONE =
  /(完成|建成|建立|实行|实施|投入使用|上线|验收|成为|启动|创建|标准|要求|解决|分布|一批|覆盖|消除|全面)/;

function coverage(base: Base, per?: string): CoverageTarget {
  return { kind: 'coverage', ...base, ...(per ? { per } : {}), value: 100 };
}

function directionOf(text: string): QualitativeDirection | null {
  if (/^(保持|维持|稳定)/.test(text)) return 'maintain';
  if (/消除|零/.test(text)) return 'decrease';
  if ([...DECREASE_WORDS, ...SLOWING_WORDS].some((w) => text.includes(w))) return 'decrease';
  if (INCREASE_WORDS.some((w) => text.includes(w))) return 'increase';
  if (/^(达到|进入)/.test(text)) return 'increase';
  return null;
}

/**
 * Direction of a target set against another place: held (保持全省前列), or moved by a stated verb
 * of change (提高到…, 降低到…); reaching or beating a level (达到全国平均水平, 优于全市平均水平) says which way
 * is better only through the indicator, so it gives none.
 */
function relativeDirection(text: string): QualitativeDirection | null {
  if (/^(保持|维持|稳定)/.test(text)) return 'maintain';
  if ([...DECREASE_WORDS, ...SLOWING_WORDS].some((w) => text.includes(w))) return 'decrease';
  if (INCREASE_WORDS.some((w) => text.includes(w))) return 'increase';
  return null;
}

/**
 * Recognise coverage idioms and qualitative phrases.
 * @returns a coverage target, a qualitative target, or null when the text looks numeric
 */
export function matchQualitative(input: ParseInput, base: Base): Target | null {
  const text = input.text;
  if (/全覆盖|全域覆盖|全部覆盖|全面覆盖/.test(text)) return coverage(base);
  if (/^(所有|全部|all|全市)$/i.test(text)) return coverage(base);
  if (/^应(.)尽\1/.test(text)) return coverage(base);
  const every = /^(?:every|each)\s+(.+)$/i.exec(text);
  if (every) return coverage(base, every[1]);
  const ofAll = /^100\s*%\s+of\s+(.+)$/i.exec(text);
  if (ofAll) return coverage(base, ofAll[1]);

  const englishRelative = /^(.*?)\s*(>|≥|<|≤)\s*([a-zA-Z][a-zA-Z ]+)$/.exec(text);
  if (englishRelative) {
    const up = englishRelative[2] === '>' || englishRelative[2] === '≥';
    return {
      kind: 'qualitative',
      ...base,
      direction: up ? 'increase' : 'decrease',
      relativeTo: englishRelative[3],
    };
  }
  // A digit inside a code such as P3 or 5G is not a quantity.
  if (/(^|[^A-Za-z])\d/.test(text)) return null;
  const relative = RELATIVE.exec(text);
  if (relative) {
    return { kind: 'qualitative', ...base, direction: relativeDirection(text), relativeTo: relative[0] };
  }
  const direction = directionOf(text);
  if (direction !== null || MILESTONE.test(text)) {
    return { kind: 'qualitative', ...base, direction };
  }
  return null;
}
