/**
 * Observed values as plans write them in baseline and actual columns: `79.49`, `2.3‰`,
 * `9.07/10万`, `52.81%`, `＞98` or `4‰以下` (a bound, not a point; 以下 includes the number, as
 * everywhere in the targets), `—` (no data), `2021年开始做` (not yet measured). The number, when
 * there is one, and the reason when there is not.
 */
import { NUMBER, SUFFIX_OPERATORS, normaliseText, normaliseUnit, readNumber } from './lexicon';
import type { Comparator } from './types';

export interface Observed {
  raw: string;
  /** The number, or null when the cell holds no value. */
  value: number | null;
  unit?: string;
  /** When the cell gives a bound (`＞98`, `4‰以下`) rather than a point value. */
  bound?: Comparator;
  /** Why there is no value: the cell was empty/dash, or held text. */
  missing?: 'dash' | 'text';
}

/**
 * Read an observed value cell.
 * @param raw - the cell as written
 */
export function parseObserved(raw: string): Observed {
  const normal = normaliseText(raw);
  if (normal === '' || /^[—\-/]+$/.test(normal) || normal === '无') {
    return { raw, value: null, missing: 'dash' };
  }
  const suffix = SUFFIX_OPERATORS.find(([w]) => normal.endsWith(w) && normal.length > w.length);
  const text = suffix ? normal.slice(0, -suffix[0].length).trim() : normal;
  const m = new RegExp(
    String.raw`^(≥|≤|>|<)?\s*${NUMBER}\s*(%|‰|(?:1)?/\s*10\s*万|[\u4e00-\u9fa5]{1,2})?$`
  ).exec(text);
  if (!m) return { raw, value: null, missing: 'text' };
  const unit = normaliseUnit(m[4]);
  const symbols: Record<string, Comparator> = { '≥': 'ge', '≤': 'le', '>': 'gt', '<': 'lt' };
  const bound = m[1] ? symbols[m[1]] : suffix?.[1];
  return {
    raw,
    value: readNumber(m[2] ?? '0', m[3]),
    ...(unit !== undefined ? { unit } : {}),
    ...(bound ? { bound } : {}),
  };
}
