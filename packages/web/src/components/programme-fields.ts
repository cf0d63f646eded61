/**
 * How rule-set fields read on screen: units in the page's language (the rule sets write some in
 * Chinese), and a recorded value with its option names, unit and yes/no.
 */
import type { FieldDef, ProgrammeRuleSetView } from '@weijian/core';
import { pick } from '../i18n';

/** Rule-set units that are Chinese words, in English. Symbols (mmHg, kg, %) read the same in both. */
const EN_FIELD_UNITS: Record<string, string> = {
  周: 'weeks',
  '次/分钟': 'per minute',
  级: 'grade',
  次: 'times',
  支: 'cigarettes',
  两: 'liang (50 g)',
};

/** A field's unit in the page's language. */
export function fieldUnit(unit: string | undefined, lang: string): string {
  if (!unit) return '';
  return lang.startsWith('en') ? (EN_FIELD_UNITS[unit] ?? unit) : unit;
}

/** The field definition of an event type's field, or undefined. */
export function fieldDef(
  ruleSet: ProgrammeRuleSetView | undefined,
  type: string,
  code: string
): FieldDef | undefined {
  return ruleSet?.eventTypes.find((e) => e.code === type)?.fields.find((f) => f.code === code);
}

/** One recorded value as text, or null when nothing was recorded. */
export function formatFieldValue(
  def: FieldDef | undefined,
  value: unknown,
  lang: string,
  yesNo: { yes: string; no: string }
): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (!def) return Array.isArray(value) ? value.map(asText).join(', ') : asText(value);
  switch (def.type) {
    case 'number':
      return `${asText(value)}${def.unit ? ` ${fieldUnit(def.unit, lang)}` : ''}`;
    case 'boolean':
      return value === true ? yesNo.yes : yesNo.no;
    case 'code':
      return pick(def.options.find((o) => o.code === value)?.name, lang) || asText(value);
    case 'codes':
      return (Array.isArray(value) ? (value as string[]) : [])
        .map((c) => pick(def.options.find((o) => o.code === c)?.name, lang) || c)
        .join(lang.startsWith('en') ? ', ' : '、');
    case 'date':
    case 'text':
      return asText(value);
  }
}

/** A stored value as text: scalars as they are, anything else as JSON. */
function asText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value);
}
