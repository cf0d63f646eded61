/**
 * Tests on one event's fields, with the explanation a person reads ("收缩压 145 mmHg < 150（65岁及
 * 以上）"). A missing value fails every comparison; `not` then turns that failure into a pass, as
 * in ordinary logic, so write `present` explicitly where a missing value must not pass.
 */
import type { Bilingual } from '../errors';
import { ageInYears } from './dates';
import type { FieldValue, ServiceEvent } from './facts';
import type { AgeThreshold, EventTypeDef, FieldDef, FieldTest } from './schema';

/** Why a condition holds or not, in both languages, with the parts it was decided from. */
export interface RuleExplanation {
  met: boolean;
  zh: string;
  en: string;
  children?: RuleExplanation[];
  /** The node inverts its one child (`not`). */
  negated?: boolean;
}

/** The threshold in force at an age: the highest `byAge.min` reached, else the default. */
export function thresholdAt(t: AgeThreshold, age: number): { value: number; fromAge: number | null } {
  let best: { min: number; value: number } | undefined;
  for (const b of t.byAge) if (age >= b.min && (!best || b.min > best.min)) best = b;
  return best ? { value: best.value, fromAge: best.min } : { value: t.default, fromAge: null };
}

/** A field value as text, with options by name and numbers at the field's decimals. */
export function formatValue(
  def: FieldDef | undefined,
  value: FieldValue | undefined,
  lang: 'zh' | 'en'
): string {
  if (value === undefined || value === null || value === '') return lang === 'zh' ? '未记录' : 'not recorded';
  if (typeof value === 'boolean') return lang === 'zh' ? (value ? '是' : '否') : value ? 'yes' : 'no';
  if (typeof value === 'number') {
    const n =
      def?.type === 'number' && def.decimals !== undefined ? value.toFixed(def.decimals) : String(value);
    const unit = def?.type === 'number' && def.unit ? ` ${def.unit}` : '';
    return n + unit;
  }
  const name = (code: string): string => {
    if (def && (def.type === 'code' || def.type === 'codes')) {
      const opt = def.options.find((o) => o.code === code);
      if (opt) return opt.name[lang];
    }
    return code;
  };
  if (Array.isArray(value)) {
    return value.length === 0
      ? lang === 'zh'
        ? '无'
        : 'none'
      : value.map(name).join(lang === 'zh' ? '、' : ', ');
  }
  return name(value);
}

function numberText(def: FieldDef | undefined, n: number): string {
  return def?.type === 'number' && def.decimals !== undefined ? n.toFixed(def.decimals) : String(n);
}

const OP_TEXT = { lt: '<', le: '≤', gt: '>', ge: '≥' } as const;

/** Evaluate a field test on one event. `birthDate` gives the age for age-dependent thresholds. */
export function testFields(
  test: FieldTest,
  event: ServiceEvent,
  eventType: EventTypeDef | undefined,
  birthDate: string
): RuleExplanation {
  switch (test.kind) {
    case 'all': {
      const parts = test.all.map((t) => testFields(t, event, eventType, birthDate));
      return join(
        parts,
        parts.every((p) => p.met),
        '，',
        ', '
      );
    }
    case 'any': {
      const parts = test.any.map((t) => testFields(t, event, eventType, birthDate));
      return join(
        parts,
        parts.some((p) => p.met),
        ' 或 ',
        ' or '
      );
    }
    case 'not': {
      const inner = testFields(test.not, event, eventType, birthDate);
      return { met: !inner.met, zh: `并非（${inner.zh}）`, en: `not (${inner.en})` };
    }
    case 'field':
      return compare(test, event, eventType, birthDate);
  }
}

function join(parts: RuleExplanation[], met: boolean, zhSep: string, enSep: string): RuleExplanation {
  return { met, zh: parts.map((p) => p.zh).join(zhSep), en: parts.map((p) => p.en).join(enSep) };
}

function compare(
  test: Extract<FieldTest, { kind: 'field' }>,
  event: ServiceEvent,
  eventType: EventTypeDef | undefined,
  birthDate: string
): RuleExplanation {
  const def = eventType?.fields.find((f) => f.code === test.field);
  const value = event.fields[test.field];
  const name: Bilingual = def?.name ?? { zh: test.field, en: test.field };
  const shown = { zh: formatValue(def, value, 'zh'), en: formatValue(def, value, 'en') };
  const lead = { zh: `${name.zh} ${shown.zh}`, en: `${name.en} ${shown.en}` };
  const missing = value === undefined || value === null || value === '';
  switch (test.op) {
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge': {
      const { value: limit, fromAge } = thresholdAt(test.value, ageInYears(birthDate, event.date));
      const n = typeof value === 'number' ? value : null;
      const met =
        n !== null &&
        (test.op === 'lt'
          ? n < limit
          : test.op === 'le'
            ? n <= limit
            : test.op === 'gt'
              ? n > limit
              : n >= limit);
      const ageNote =
        fromAge === null ? { zh: '', en: '' } : { zh: `（${fromAge}岁及以上）`, en: ` (age ${fromAge}+)` };
      const want = `${OP_TEXT[test.op]} ${numberText(def, limit)}`;
      return {
        met,
        zh: `${lead.zh}（要求 ${want}${ageNote.zh}）`,
        en: `${lead.en} (needs ${want}${ageNote.en})`,
      };
    }
    case 'eq': {
      const want = { zh: formatValue(def, test.value, 'zh'), en: formatValue(def, test.value, 'en') };
      return {
        met: value === test.value,
        zh: `${lead.zh}（要求 ${want.zh}）`,
        en: `${lead.en} (needs ${want.en})`,
      };
    }
    case 'in': {
      const met = typeof value === 'string' && test.value.includes(value);
      const want = { zh: formatValue(def, test.value, 'zh'), en: formatValue(def, test.value, 'en') };
      return { met, zh: `${lead.zh}（要求 ${want.zh} 之一）`, en: `${lead.en} (needs one of ${want.en})` };
    }
    case 'includes': {
      const met = Array.isArray(value) && value.includes(test.value);
      const want = { zh: formatValue(def, test.value, 'zh'), en: formatValue(def, test.value, 'en') };
      return { met, zh: `${lead.zh}（要求含 ${want.zh}）`, en: `${lead.en} (needs ${want.en})` };
    }
    case 'is': {
      const met = value === test.value;
      const want = { zh: test.value ? '是' : '否', en: test.value ? 'yes' : 'no' };
      return { met, zh: `${lead.zh}（要求 ${want.zh}）`, en: `${lead.en} (needs ${want.en})` };
    }
    case 'present': {
      const has = !missing && !(Array.isArray(value) && value.length === 0);
      return {
        met: has === test.value,
        zh: `${lead.zh}（要求${test.value ? '已' : '未'}记录）`,
        en: `${lead.en} (must ${test.value ? '' : 'not '}be recorded)`,
      };
    }
  }
}
