/**
 * City–district cascade: a district's own target beside its city's for the same indicator. A
 * district target less ambitious than the city's is flagged — loudly for a binding indicator.
 */
import type { Bilingual } from '../errors';
import { evaluateTarget } from '../targets/evaluate';
import { parseTarget } from '../targets/parse';
import type { Direction, Target } from '../targets/types';

export type Ambition = 'stricter' | 'same' | 'looser' | 'unknown';

/** The single number a target commits to, when it has one (a range: its near end). */
export function targetThreshold(t: Target, direction: Direction): number | null {
  switch (t.kind) {
    case 'comparison':
    case 'value':
    case 'approx':
      return t.value;
    case 'range':
      return direction === 'increase' ? t.min : t.max;
    case 'coverage':
      return 100;
    case 'annualChange':
    case 'change':
    case 'increment':
    case 'level':
    case 'qualitative':
    case 'ratio':
      return null;
  }
}

/**
 * Compare a district target with its city's.
 * @returns stricter / same / looser for the district, or unknown when either has no number
 */
export function compareAmbition(
  districtRaw: string,
  cityRaw: string,
  direction: Direction
): { ambition: Ambition; reason: Bilingual } {
  const d = targetThreshold(parseTarget(districtRaw), direction);
  const c = targetThreshold(parseTarget(cityRaw), direction);
  if (d === null || c === null) {
    return {
      ambition: 'unknown',
      reason: { zh: '目标无单一数值，无法比较', en: 'A target has no single number to compare' },
    };
  }
  const sign = direction === 'increase' ? 1 : -1;
  const diff = sign * (d - c);
  const ambition: Ambition = Math.abs(diff) < 1e-9 ? 'same' : diff > 0 ? 'stricter' : 'looser';
  const words: Record<Ambition, Bilingual> = {
    stricter: { zh: '区级目标高于市级要求', en: 'The district target is more ambitious than the city’s' },
    same: { zh: '区级目标与市级一致', en: 'The district target equals the city’s' },
    looser: { zh: '区级目标低于市级要求', en: 'The district target is less ambitious than the city’s' },
    unknown: { zh: '', en: '' },
  };
  return {
    ambition,
    reason: {
      zh: `${words[ambition].zh}（区 ${districtRaw}，市 ${cityRaw}）`,
      en: `${words[ambition].en} (district ${districtRaw}, city ${cityRaw})`,
    },
  };
}

/** Whether a city's rolled-up value meets the city's target. */
export function cityMeets(cityRaw: string, value: number | null, direction: Direction): boolean | null {
  if (value === null) return null;
  const r = evaluateTarget(parseTarget(cityRaw), value, { direction });
  return r.result === 'unknown' ? null : r.result === 'met';
}
