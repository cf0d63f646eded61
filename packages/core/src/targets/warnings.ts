import type { Bilingual } from '../errors';
import type { TargetWarning } from './types';

const MESSAGES: Record<TargetWarning, Bilingual> = {
  unrecognised: {
    zh: '无法识别的目标表述，已按原文保留为定性目标',
    en: 'Target text not recognised; kept as written as a qualitative target',
  },
  compound: {
    zh: '目标包含多个数量，已按原文保留为定性目标，建议拆分为多行',
    en: 'Target holds several quantities; kept as qualitative. Consider splitting it into rows',
  },
  'no-target': { zh: '未给出目标值', en: 'No target value given' },
  'conflicting-operators': {
    zh: '目标前后的比较词不一致，以前一个为准',
    en: 'Comparison words before and after the number disagree; the first one was used',
  },
  'qualitative-only': {
    zh: '定性目标，无法直接与数值比较',
    en: 'Qualitative target: it cannot be checked against a number directly',
  },
};

/** The bilingual message for a parser warning code. */
export function targetWarningMessage(code: TargetWarning): Bilingual {
  return MESSAGES[code];
}
