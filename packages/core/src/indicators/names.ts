/**
 * Plans write the same indicator in many ways: 每千人口拥有病床数, 每千常住人口医疗机构床位数,
 * 居民具备健康素养比例 … Names are compared after normalisation so that spacing, full-width
 * brackets, a unit in brackets and the words 拥有/常住 do not separate them.
 */
import { normaliseText } from '../targets/lexicon';

const UNIT_IN_NAME = /[(（]\s*(岁|年|%|‰|‱|1\/10万|\/10万|张|人|个|天|万人|项|名|家|次|元)\s*[)）]\s*$/;

/** Split a trailing unit in brackets off a name: `人均期望寿命（岁）` → [人均期望寿命, 岁]. */
export function splitUnitFromName(name: string): { name: string; unit?: string } {
  const m = UNIT_IN_NAME.exec(name.trim());
  if (!m) return { name: name.trim() };
  return { name: name.trim().slice(0, m.index).trim(), unit: m[1] };
}

/** Canonical comparison key for an indicator name. */
export function indicatorNameKey(name: string): string {
  return normaliseText(splitUnitFromName(name).name)
    .replace(/\s+/g, '')
    .replace(/[()]/g, '')
    .replace(/拥有/g, '')
    .replace(/常住人口/g, '人口')
    .replace(/每千人口医疗卫生机构/g, '每千人口')
    .replace(/每千人口医疗机构/g, '每千人口')
    .replace(/的/g, '');
}
