/**
 * The programme rule-set schema. A programme (hypertension, diabetes, maternal care …) is data:
 * who may be enrolled, the event types and their typed fields, the schedule of contacts, and
 * which resident-years (or pregnancies) count in which catalogue data element. Criteria are a
 * small structured condition language written as YAML objects and validated here; nothing is
 * parsed from strings and nothing is evaluated as code.
 *
 * In YAML a condition is an object with one key naming its kind (`all`, `events`, `age` …).
 * Parsing adds a `kind` property so the engine can switch on it; a field test such as
 * `{ field: sbp, lt: 140 }` becomes `{ kind: 'field', field: 'sbp', op: 'lt', value: … }`.
 */
import { z } from 'zod';
import { isIsoDate } from './dates';

// --- building blocks ------------------------------------------------------------------------

/** A zod custom message carrying both languages; `ruleSetIssues` unpacks it. */
export function bilingualMessage(zh: string, en: string): string {
  return JSON.stringify({ zh, en });
}

const bilingual = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
const isoDate = z
  .string()
  .refine(isIsoDate, { error: bilingualMessage('日期无效（应为 YYYY-MM-DD）', 'Not a date (YYYY-MM-DD)') });
/** Codes of event types, fields' options, schedule items: lower case, digits, - and _. */
const localCode = z.string().regex(/^[a-z][a-z0-9_-]*$/);
/** Field codes are camelCase, as they appear in forms and JSON. */
const fieldCode = z.string().regex(/^[a-z][a-zA-Z0-9]*$/);
const elementCode = z.string().regex(/^[A-Z][A-Z0-9_]*$/);

export const spanSchema = z
  .strictObject({
    years: z.number().int().optional(),
    months: z.number().int().optional(),
    weeks: z.number().int().optional(),
    days: z.number().int().optional(),
  })
  .refine((s) => Object.keys(s).length > 0, {
    error: bilingualMessage('时长至少需要一项（years/months/weeks/days）', 'A span needs at least one part'),
  });

/** Adds `kind` = the one key of `kinds` an object carries, so a discriminated union can read it. */
function tagKind(kinds: readonly string[]) {
  return (v: unknown): unknown => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const present = Object.keys(v).filter((k) => kinds.includes(k));
    return present.length === 1 ? { kind: present[0], ...v } : v;
  };
}

// --- event types and their fields ------------------------------------------------------------

const option = z.strictObject({ code: localCode, name: bilingual });
const fieldBase = {
  code: fieldCode,
  name: bilingual,
  /** A form must fill it; the engine treats a missing optional field as "not recorded". */
  required: z.boolean().default(false),
};

export const fieldSchema = z.discriminatedUnion('type', [
  z
    .strictObject({
      ...fieldBase,
      type: z.literal('number'),
      unit: z.string().min(1).optional(),
      /** Plausible range: values outside it are rejected as entry errors. */
      min: z.number(),
      max: z.number(),
      integer: z.boolean().default(false),
      /** Decimals the value is shown with in explanations (7 → "7.0"). */
      decimals: z.number().int().min(0).max(6).optional(),
    })
    .refine((f) => f.min <= f.max, { error: bilingualMessage('min 不能大于 max', 'min exceeds max') }),
  z.strictObject({ ...fieldBase, type: z.literal('code'), options: z.array(option).min(1) }),
  z.strictObject({ ...fieldBase, type: z.literal('codes'), options: z.array(option).min(1) }),
  z.strictObject({ ...fieldBase, type: z.literal('boolean') }),
  z.strictObject({ ...fieldBase, type: z.literal('date') }),
  z.strictObject({
    ...fieldBase,
    type: z.literal('text'),
    maxLength: z.number().int().positive().default(500),
  }),
]);
export type FieldDef = z.infer<typeof fieldSchema>;
export type FieldType = FieldDef['type'];

export const eventTypeSchema = z.strictObject({
  code: localCode,
  name: bilingual,
  description: bilingual.optional(),
  fields: z.array(fieldSchema),
});
export type EventTypeDef = z.infer<typeof eventTypeSchema>;

// --- thresholds and field tests ----------------------------------------------------------------

/**
 * A number to compare with, possibly depending on the resident's age at the event: the first
 * `byAge` entry whose `min` the age reaches, scanning from the highest, replaces `default`.
 */
export interface AgeThreshold {
  default: number;
  byAge: { min: number; value: number }[];
}

const ageThresholdSchema = z
  .union([
    z.number(),
    z.strictObject({
      default: z.number(),
      byAge: z.array(z.strictObject({ min: z.number().int().min(0), value: z.number() })).min(1),
    }),
  ])
  .transform((t): AgeThreshold => (typeof t === 'number' ? { default: t, byAge: [] } : t));

export type CompareOp = 'lt' | 'le' | 'gt' | 'ge';
export type FieldOp = CompareOp | 'eq' | 'in' | 'includes' | 'is' | 'present';

/** A test on one event's fields. */
export type FieldTest =
  | { kind: 'all'; all: FieldTest[] }
  | { kind: 'any'; any: FieldTest[] }
  | { kind: 'not'; not: FieldTest }
  | FieldCompare;

export type FieldCompare =
  | { kind: 'field'; field: string; op: CompareOp; value: AgeThreshold }
  | { kind: 'field'; field: string; op: 'eq'; value: number | string | boolean }
  | { kind: 'field'; field: string; op: 'in'; value: string[] }
  | { kind: 'field'; field: string; op: 'includes'; value: string }
  | { kind: 'field'; field: string; op: 'is' | 'present'; value: boolean };

const FIELD_OPS: readonly FieldOp[] = ['lt', 'le', 'gt', 'ge', 'eq', 'in', 'includes', 'is', 'present'];

const fieldCompareSchema = z
  .strictObject({
    kind: z.literal('field'),
    field: fieldCode,
    lt: ageThresholdSchema.optional(),
    le: ageThresholdSchema.optional(),
    gt: ageThresholdSchema.optional(),
    ge: ageThresholdSchema.optional(),
    eq: z.union([z.number(), z.string(), z.boolean()]).optional(),
    in: z.array(z.string()).min(1).optional(),
    includes: z.string().optional(),
    is: z.boolean().optional(),
    present: z.boolean().optional(),
  })
  .refine((t) => FIELD_OPS.filter((op) => t[op] !== undefined).length === 1, {
    error: bilingualMessage(
      '字段检验需恰好一个比较（lt、le、gt、ge、eq、in、includes、is、present）',
      'A field test needs exactly one comparison (lt, le, gt, ge, eq, in, includes, is, present)'
    ),
  })
  .transform((t): FieldCompare => {
    const op = FIELD_OPS.find((o) => t[o] !== undefined) ?? 'present';
    switch (op) {
      case 'lt':
      case 'le':
      case 'gt':
      case 'ge':
        return { kind: 'field', field: t.field, op, value: t[op] as AgeThreshold };
      case 'eq':
        return { kind: 'field', field: t.field, op, value: t.eq as number | string | boolean };
      case 'in':
        return { kind: 'field', field: t.field, op, value: t.in ?? [] };
      case 'includes':
        return { kind: 'field', field: t.field, op, value: t.includes ?? '' };
      case 'is':
      case 'present':
        return { kind: 'field', field: t.field, op, value: t[op] ?? true };
    }
  });

const FIELD_TEST_MESSAGE = bilingualMessage(
  '字段检验需为 all、any、not 之一，或含 field 的比较',
  'A field test is one of all, any, not, or a comparison with field'
);

export const fieldTestSchema: z.ZodType<FieldTest> = z.lazy(() =>
  z.preprocess(
    (v: unknown) => {
      const tagged = tagKind(['all', 'any', 'not'])(v);
      if (tagged !== null && typeof tagged === 'object' && !('kind' in tagged) && 'field' in tagged) {
        return { kind: 'field', ...tagged };
      }
      return tagged;
    },
    z.discriminatedUnion(
      'kind',
      [
        z.strictObject({ kind: z.literal('all'), all: z.array(fieldTestSchema).min(1) }),
        z.strictObject({ kind: z.literal('any'), any: z.array(fieldTestSchema).min(1) }),
        z.strictObject({ kind: z.literal('not'), not: fieldTestSchema }),
        fieldCompareSchema,
      ],
      { error: FIELD_TEST_MESSAGE }
    )
  )
);

// --- dates relative to the facts ---------------------------------------------------------------

/** Fixed points of the unit being assessed. `enrolment-end` of an open enrolment is unbounded. */
export const DATE_POINTS = ['year-start', 'year-end', 'enrolment-start', 'enrolment-end', 'birth'] as const;
export type DatePoint = (typeof DATE_POINTS)[number];

/**
 * A date the rule refers to: a fixed point, or an event's date (or a date field of it), moved by
 * `plus`. `which` picks the first or last such event of the unit.
 */
export type DateRef =
  | { kind: 'at'; at: DatePoint; plus?: z.infer<typeof spanSchema> }
  | {
      kind: 'event';
      event: string[];
      which: 'first' | 'last';
      field?: string;
      plus?: z.infer<typeof spanSchema>;
    };

const eventTypesList = z
  .union([localCode, z.array(localCode).min(1)])
  .transform((t) => (typeof t === 'string' ? [t] : t));

const eventRefSchema = z.strictObject({
  kind: z.literal('event'),
  event: eventTypesList,
  which: z.enum(['first', 'last']).default('first'),
  field: fieldCode.optional(),
  plus: spanSchema.optional(),
});

export const dateRefSchema: z.ZodType<DateRef> = z.preprocess(
  (v: unknown) => (typeof v === 'string' ? { kind: 'at', at: v } : tagKind(['at', 'event'])(v)),
  z.discriminatedUnion(
    'kind',
    [
      z.strictObject({ kind: z.literal('at'), at: z.enum(DATE_POINTS), plus: spanSchema.optional() }),
      eventRefSchema,
    ],
    {
      error: bilingualMessage(
        `日期需为 ${DATE_POINTS.join('、')} 之一，或 { event: 事件类型 }`,
        `A date is one of ${DATE_POINTS.join(', ')}, or { event: type }`
      ),
    }
  )
);

/** Inclusive bounds for counting events; defaults depend on the counting unit (see README). */
export interface EventWindow {
  from?: DateRef;
  to?: DateRef;
}
const windowSchema: z.ZodType<EventWindow> = z.strictObject({
  from: dateRefSchema.optional(),
  to: dateRefSchema.optional(),
});

/** Which events: one or more types, optionally only those whose fields pass a test. */
export interface EventFilter {
  type: string[];
  where?: FieldTest;
}
const eventFilterSchema: z.ZodType<EventFilter> = z.strictObject({
  type: eventTypesList,
  where: fieldTestSchema.optional(),
});

// --- conditions on a resident-year (or an episode) ---------------------------------------------

export interface Prorate {
  /** Required count × (calendar months of the year under management) / 12, then rounded. */
  by: 'months-enrolled';
  rounding: 'ceil' | 'floor' | 'round';
}

export interface EventCount {
  of: EventFilter;
  min: number;
  window?: EventWindow;
  prorate?: Prorate;
  /** At least this many events in every quarter of the year the resident was under management. */
  perQuarter?: number;
  /** `day`: several events on the same day count once. */
  distinct?: 'day';
  label?: { zh: string; en: string };
}

export interface EventTest {
  of: EventFilter;
  which: 'first' | 'last';
  test: FieldTest;
  window?: EventWindow;
  label?: { zh: string; en: string };
}

export interface EventShare {
  of: EventFilter;
  where: FieldTest;
  /** Share (0–1) of the events that pass `where`; no events at all fails. */
  min: number;
  window?: EventWindow;
  label?: { zh: string; en: string };
}

/**
 * A date the rule names (a birthday plus an age, an event's date) falls inside inclusive bounds:
 * "reaches 6 months of age during the year" is `{ date: { at: birth, plus: { months: 6 } } }`.
 */
export interface DateIn {
  date: DateRef;
  /** Defaults as for event windows: the calendar year (resident) or the episode. */
  window?: EventWindow;
  label?: { zh: string; en: string };
}

export type RuleCondition =
  | { kind: 'all'; all: RuleCondition[] }
  | { kind: 'any'; any: RuleCondition[] }
  | { kind: 'not'; not: RuleCondition }
  | { kind: 'enrolled'; enrolled: { atYearEnd: boolean } }
  | { kind: 'alive'; alive: 'year-start' | 'year-end' }
  | { kind: 'age'; age: { at: DateRef; min?: number; below?: number; unit: 'years' | 'months' } }
  | { kind: 'sex'; sex: 'M' | 'F' }
  | { kind: 'tag'; tag: string }
  | { kind: 'events'; events: EventCount }
  | { kind: 'event'; event: EventTest }
  | { kind: 'share'; share: EventShare }
  | { kind: 'dateIn'; dateIn: DateIn };

export const CONDITION_KINDS = [
  'all',
  'any',
  'not',
  'enrolled',
  'alive',
  'age',
  'sex',
  'tag',
  'events',
  'event',
  'share',
  'dateIn',
] as const;

const label = bilingual.optional();

export const conditionSchema: z.ZodType<RuleCondition> = z.lazy(() =>
  z.preprocess(
    tagKind(CONDITION_KINDS),
    z.discriminatedUnion(
      'kind',
      [
        z.strictObject({ kind: z.literal('all'), all: z.array(conditionSchema).min(1) }),
        z.strictObject({ kind: z.literal('any'), any: z.array(conditionSchema).min(1) }),
        z.strictObject({ kind: z.literal('not'), not: conditionSchema }),
        z.strictObject({
          kind: z.literal('enrolled'),
          enrolled: z.strictObject({ atYearEnd: z.boolean().default(false) }),
        }),
        z.strictObject({ kind: z.literal('alive'), alive: z.enum(['year-start', 'year-end']) }),
        z.strictObject({
          kind: z.literal('age'),
          age: z
            .strictObject({
              at: dateRefSchema,
              min: z.number().int().min(0).optional(),
              below: z.number().int().min(0).optional(),
              unit: z.enum(['years', 'months']).default('years'),
            })
            .refine((a) => a.min !== undefined || a.below !== undefined, {
              error: bilingualMessage('年龄条件需有 min 或 below', 'An age condition needs min or below'),
            }),
        }),
        z.strictObject({ kind: z.literal('sex'), sex: z.enum(['M', 'F']) }),
        z.strictObject({ kind: z.literal('tag'), tag: z.string().min(1) }),
        z.strictObject({
          kind: z.literal('events'),
          events: z.strictObject({
            of: eventFilterSchema,
            min: z.number().int().min(0),
            window: windowSchema.optional(),
            prorate: z
              .strictObject({
                by: z.literal('months-enrolled'),
                rounding: z.enum(['ceil', 'floor', 'round']),
              })
              .optional(),
            perQuarter: z.number().int().min(1).optional(),
            distinct: z.literal('day').optional(),
            label,
          }),
        }),
        z.strictObject({
          kind: z.literal('event'),
          event: z.strictObject({
            of: eventFilterSchema,
            which: z.enum(['first', 'last']).default('last'),
            test: fieldTestSchema,
            window: windowSchema.optional(),
            label,
          }),
        }),
        z.strictObject({
          kind: z.literal('share'),
          share: z.strictObject({
            of: eventFilterSchema,
            where: fieldTestSchema,
            min: z.number().min(0).max(1),
            window: windowSchema.optional(),
            label,
          }),
        }),
        z.strictObject({
          kind: z.literal('dateIn'),
          dateIn: z.strictObject({ date: dateRefSchema, window: windowSchema.optional(), label }),
        }),
      ],
      {
        error: bilingualMessage(
          `条件需恰好一个类型键：${CONDITION_KINDS.join('、')}`,
          `A condition needs exactly one kind key: ${CONDITION_KINDS.join(', ')}`
        ),
      }
    )
  )
);

// --- schedule ----------------------------------------------------------------------------------

const scheduleBase = {
  code: localCode,
  name: bilingual,
  /** The events that satisfy this contact (e.g. face-to-face follow-ups only). */
  of: eventFilterSchema,
};

export const scheduleItemSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    ...scheduleBase,
    /** Next contact a number of days after the last one, the number chosen by its fields. */
    kind: z.literal('interval'),
    /** Days from the start of management to the first contact when none is recorded yet. */
    firstDueDays: z.number().int().min(0),
    /** First match wins; the last entry has no `when` and is the default. */
    intervals: z
      .array(
        z.strictObject({ when: fieldTestSchema.optional(), days: z.number().int().min(1), reason: label })
      )
      .min(1),
  }),
  z.strictObject({
    ...scheduleBase,
    /** At least `count` contacts in each calendar year, due by 31 December. */
    kind: z.literal('per-year'),
    count: z.number().int().min(1),
  }),
  z.strictObject({
    ...scheduleBase,
    /** Contacts in windows after an anchor date (a birth, a last menstrual period, a delivery). */
    kind: z.literal('milestones'),
    anchor: dateRefSchema,
    milestones: z
      .array(z.strictObject({ code: localCode, name: bilingual, from: spanSchema, to: spanSchema }))
      .min(1),
  }),
]);
export type ScheduleItem = z.infer<typeof scheduleItemSchema>;

// --- memberships and the rule set --------------------------------------------------------------

export const membershipSchema = z.strictObject({
  /** Catalogue data element this membership adds 1 to. */
  element: elementCode,
  name: bilingual,
  /** Period type of the element's values; must equal the catalogue element's periodType. */
  period: z.enum(['year', 'quarter', 'month']).default('year'),
  /** Catalogue indicators whose numerator or denominator uses the element (checked). */
  indicators: z.array(elementCode).default([]),
  when: conditionSchema,
  /** Episode programmes: the date that places this membership in a period, if not the rule set's. */
  countAt: dateRefSchema.optional(),
  /** Where the rule comes from, or why it reads the standard this way. */
  basis: z.string().optional(),
});
export type MembershipRule = z.infer<typeof membershipSchema>;

export const ruleSetSchema = z
  .strictObject({
    code: elementCode,
    version: z.string().min(1),
    name: bilingual,
    /** The standard (edition) the rule set transcribes. */
    basis: bilingual,
    sources: z
      .array(
        z.strictObject({
          title: z.string().min(1),
          issuer: z.string().optional(),
          year: z.number().int().optional(),
          section: z.string().optional(),
          url: z.string().optional(),
          note: z.string().optional(),
        })
      )
      .min(1),
    effectiveFrom: isoDate,
    effectiveTo: isoDate.optional(),
    /** GB/T 2260 region-code prefix the rule set applies to (44 = Guangdong); absent = national. */
    region: z
      .string()
      .regex(/^\d{2,12}$/)
      .optional(),
    /**
     * `resident`: a resident-year counts once (chronic disease, elderly). `episode`: each enrolment
     * episode counts once, in the period of its `countAt` event (a pregnancy, at its delivery).
     */
    unit: z.enum(['resident', 'episode']).default('resident'),
    /** Episode programmes: the date that places an episode in a period (a delivery). */
    countAt: dateRefSchema.optional(),
    enrolment: z.strictObject({
      /** Who may be enrolled, evaluated at the enrolment date (age, sex, tags). */
      eligibility: conditionSchema.optional(),
      endReasons: z.array(option).min(1),
    }),
    eventTypes: z.array(eventTypeSchema).min(1),
    schedule: z.array(scheduleItemSchema).default([]),
    memberships: z.array(membershipSchema).min(1),
  })
  .refine((r) => r.effectiveTo === undefined || r.effectiveTo >= r.effectiveFrom, {
    error: bilingualMessage('effectiveTo 早于 effectiveFrom', 'effectiveTo is before effectiveFrom'),
    path: ['effectiveTo'],
  })
  .refine((r) => (r.unit === 'episode') === (r.countAt !== undefined), {
    error: bilingualMessage(
      '按孕次等“episode”计数的规则需有 countAt，按居民计数的不能有',
      'An episode rule set needs countAt; a resident rule set must not have one'
    ),
    path: ['countAt'],
  });
export type RuleSet = z.infer<typeof ruleSetSchema>;
