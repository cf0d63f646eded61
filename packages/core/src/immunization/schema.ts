/**
 * The immunization schedule as data: vaccines (programme and non-programme), and for each disease
 * a series of doses — the vaccine, its dose number as the published table numbers it, the age
 * (the minimum age, which is also when the dose falls due), minimum intervals, the age by which
 * it should be complete, the age after which it is no longer caught up. A disease with
 * alternative vaccines (live or inactivated JE and hepatitis A) has tracks; the first dose a
 * child receives decides the track. See catalogue/immunization/schedule-2021.yaml.
 */
import { z } from 'zod';
import { bilingualMessage } from '../programmes/schema';
import { isIsoDate } from '../programmes/dates';

const bilingual = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
const isoDate = z
  .string()
  .refine(isIsoDate, { error: bilingualMessage('日期无效（应为 YYYY-MM-DD）', 'Not a date (YYYY-MM-DD)') });

/** An age or an interval: calendar years and months first, then weeks and days. */
export const ageSpanSchema = z
  .strictObject({
    years: z.number().int().min(0).optional(),
    months: z.number().int().min(0).optional(),
    weeks: z.number().int().min(0).optional(),
    days: z.number().int().min(0).optional(),
  })
  .refine((s) => Object.keys(s).length > 0, {
    error: bilingualMessage('时长至少需要一项（years/months/weeks/days）', 'A span needs at least one part'),
  });
export type AgeSpan = z.infer<typeof ageSpanSchema>;

/** Routes of administration as the table names them (接种途径). */
export const ROUTES = ['intramuscular', 'intradermal', 'subcutaneous', 'oral', 'intranasal'] as const;
export type Route = (typeof ROUTES)[number];
export const ROUTE_NAMES: Record<Route, { zh: string; en: string }> = {
  intramuscular: { zh: '肌内注射', en: 'intramuscular' },
  intradermal: { zh: '皮内注射', en: 'intradermal' },
  subcutaneous: { zh: '皮下注射', en: 'subcutaneous' },
  oral: { zh: '口服', en: 'oral' },
  intranasal: { zh: '鼻喷', en: 'intranasal' },
};

/** Vaccine codes as the schedule writes them (HepB, bOPV, MPSV-AC, DTaP-IPV-Hib). */
const vaccineCode = z.string().regex(/^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)*$/);
const seriesCode = z.string().regex(/^[A-Z][A-Z0-9_]*$/);

export const vaccineSchema = z.strictObject({
  code: vaccineCode,
  /** The name as the schedule table writes it (乙肝疫苗), and in English. */
  name: bilingual,
  /** The product's full name (重组乙型肝炎疫苗). */
  product: bilingual.optional(),
  route: z.enum(ROUTES),
  /** Amount per dose as the table states it (10或20μg). */
  amount: bilingual.optional(),
  live: z.boolean(),
  /** A national programme vaccine (免疫规划疫苗), or one recorded outside the programme. */
  programme: z.boolean(),
  /** Other names a clinic may write; looked up like the name and the code. */
  aliases: z.array(z.string().min(1)).default([]),
  /** Series whose dose of the same number this vaccine fills (combination vaccines). */
  counts: z.array(seriesCode).default([]),
});
export type Vaccine = z.infer<typeof vaccineSchema>;

const intervalSchema = z.strictObject({
  /** The earlier dose (its number in the same track). */
  dose: z.number().int().min(1),
  min: ageSpanSchema,
  /** Stated upper bound (JE-I doses 1–2: 7–10 days); informative, a later dose still counts. */
  max: ageSpanSchema.optional(),
});
export type DoseInterval = z.infer<typeof intervalSchema>;

export const doseSlotSchema = z.strictObject({
  /** The dose number as the table prints it, counted across the vaccines of the disease. */
  dose: z.number().int().min(1).max(20),
  vaccine: vaccineCode,
  /** Other programme vaccines that count as this dose when given (any polio vaccine …). */
  alsoAccepts: z.array(vaccineCode).default([]),
  /** Starting age (起始免疫年（月）龄): the minimum age and the age the dose falls due. */
  age: ageSpanSchema,
  /** Minimum intervals after earlier doses actually given. */
  after: z.array(intervalSchema).default([]),
  /** The dose should be complete before this age (exclusive); absent: the next dose's. */
  completeBefore: ageSpanSchema.optional(),
  /** How the schedule words that limit, where a span says it poorly (出生后24小时内). */
  completeBeforeText: bilingual.optional(),
  /** The timely window after `age` (exclusive end); absent: the schedule's rule. */
  timely: ageSpanSchema.optional(),
  /** Not caught up at or after this age; absent: the schedule's `catchUpBelow`. */
  maxAge: ageSpanSchema.optional(),
  /** When an earlier dose of the track can no longer be given, this dose may start at this age. */
  catchUpFrom: ageSpanSchema.optional(),
  /** Advice shown from an age on (BCG: a PPD test before catch-up from 3 months). */
  notes: z
    .array(z.strictObject({ fromAge: ageSpanSchema, zh: z.string().min(1), en: z.string().min(1) }))
    .default([]),
});
export type DoseSlot = z.infer<typeof doseSlotSchema>;

const trackSchema = z.strictObject({
  code: vaccineCode,
  /** The track used when a child has no dose of the series yet. */
  default: z.boolean().default(false),
  doses: z.array(doseSlotSchema).min(1),
});
export type SeriesTrack = z.infer<typeof trackSchema>;

const lateCourseSchema = z.strictObject({
  /** From this age, a child with fewer than `total` doses of the series … */
  fromAge: ageSpanSchema,
  /** … completes `total` doses with this vaccine, */
  vaccine: vaccineCode,
  total: z.number().int().min(1),
  /** … dose n at least `min` after dose n − 1. */
  after: z.array(intervalSchema).default([]),
});
export type LateCourse = z.infer<typeof lateCourseSchema>;

const seriesInputSchema = z
  .strictObject({
    code: seriesCode,
    disease: bilingual,
    doses: z.array(doseSlotSchema).min(1).optional(),
    tracks: z.array(trackSchema).min(2).optional(),
    lateCourse: lateCourseSchema.optional(),
  })
  .refine((s) => (s.doses === undefined) !== (s.tracks === undefined), {
    error: bilingualMessage('系列需有 doses 或 tracks（二者选一）', 'A series has either doses or tracks'),
  });

/** A series after parsing: always a list of tracks (one, marked default, when there are no alternatives). */
export interface VaccineSeries {
  code: string;
  disease: { zh: string; en: string };
  tracks: SeriesTrack[];
  lateCourse?: LateCourse;
}

export const immunizationScheduleSchema = z
  .strictObject({
    code: z.string().regex(/^[A-Z][A-Z0-9-]*$/),
    version: z.string().min(1),
    name: bilingual,
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
    /** GB/T 2260 prefix of a provincial schedule; absent = national. */
    region: z
      .string()
      .regex(/^\d{2,12}$/)
      .optional(),
    rules: z.strictObject({
      /** 及时: a dose given within this span after its age (exclusive end). */
      timely: ageSpanSchema,
      /** 补种 applies below this age. */
      catchUpBelow: ageSpanSchema,
      /** Injectable live programme vaccines not given on one day are at least this far apart. */
      liveInjectedInterval: ageSpanSchema,
    }),
    vaccines: z.array(vaccineSchema).min(1),
    series: z.array(seriesInputSchema).min(1),
  })
  .refine((s) => s.effectiveTo === undefined || s.effectiveTo >= s.effectiveFrom, {
    error: bilingualMessage('effectiveTo 早于 effectiveFrom', 'effectiveTo is before effectiveFrom'),
    path: ['effectiveTo'],
  })
  .transform((s) => ({
    ...s,
    series: s.series.map((x): VaccineSeries => ({
      code: x.code,
      disease: x.disease,
      tracks: x.tracks ?? [{ code: x.code, default: true, doses: x.doses ?? [] }],
      ...(x.lateCourse ? { lateCourse: x.lateCourse } : {}),
    })),
  }));

/** A parsed, checked schedule. */
export type ImmunizationSchedule = z.infer<typeof immunizationScheduleSchema>;
