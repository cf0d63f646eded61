/**
 * Shapes shared by client and server for surveillance: the case report card (传染病报告卡),
 * syndromic counts from sentinel sites, and the signal workflow (new → verified as discard /
 * monitor / escalate → investigation → closed with an outcome), with the rules that judge
 * reporting timeliness.
 */
import { z } from 'zod';

/** First and last year any date or period of the platform may name (the database and the plans fit well inside). */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

/** Whether a YYYY-MM-DD string names a day that exists (2024-02-30 and 2024-13-45 do not). */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Whether a string is an ISO date-time whose date and clock both exist (no 25:00, no February 30th). */
export function isCalendarDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (!m?.[1] || !isCalendarDate(m[1])) return false;
  const [h, min, s] = [Number(m[2] ?? 0), Number(m[3] ?? 0), Number(m[4] ?? 0)];
  return h <= 23 && min <= 59 && s <= 59 && !Number.isNaN(Date.parse(value.replace(' ', 'T')));
}

/** An ISO calendar date (YYYY-MM-DD) that exists, the one date schema of the API. */
export const isoDate = z
  .string()
  .max(10)
  .refine(isCalendarDate, `YYYY-MM-DD, a day that exists between ${MIN_YEAR} and ${MAX_YEAR}`);
const isoDateTime = z
  .string()
  .max(40)
  .refine(isCalendarDateTime, 'ISO date-time (YYYY-MM-DDThh:mm[:ss][Z|±hh:mm]) that exists');

/** Case types on the card. */
export const CASE_TYPES = ['confirmed', 'clinical', 'suspected', 'carrier'] as const;
export const CASE_TYPE_NAMES: Record<(typeof CASE_TYPES)[number], { zh: string; en: string }> = {
  confirmed: { zh: '确诊病例', en: 'Confirmed' },
  clinical: { zh: '临床诊断病例', en: 'Clinically diagnosed' },
  suspected: { zh: '疑似病例', en: 'Suspected' },
  carrier: { zh: '病原携带者', en: 'Carrier' },
};

/** Personal identifiers: stored apart, shown only to roles allowed to see them. */
export const caseIdentifiersSchema = z.strictObject({
  name: z.string().max(100).optional(),
  idNumber: z.string().max(40).optional(),
  phone: z.string().max(40).optional(),
  address: z.string().max(300).optional(),
});

/** One case report card as sent by a reporting unit. */
export const caseReportInputSchema = z.strictObject({
  cardNo: z.string().min(1).max(64),
  disease: z.string().min(1).max(64),
  caseType: z.enum(CASE_TYPES),
  onsetDate: isoDate,
  diagnosedAt: isoDateTime,
  reportedAt: isoDateTime,
  reportingUnit: z.string().min(1).max(64),
  residenceUnit: z.string().min(1).max(64),
  sex: z.enum(['M', 'F']).optional(),
  age: z.number().min(0).max(129).optional(),
  occupation: z.string().max(50).optional(),
  identifiers: caseIdentifiersSchema.optional(),
});
export type CaseReportInput = z.infer<typeof caseReportInputSchema>;

/** Hours from diagnosis to report, and whether that is within the disease's limit (2 h or 24 h). */
export function reportTimeliness(diagnosedAt: string | Date, reportedAt: string | Date, limitHours: number) {
  const hours = (new Date(reportedAt).getTime() - new Date(diagnosedAt).getTime()) / 3_600_000;
  return { hours: Math.round(hours * 100) / 100, limitHours, onTime: hours <= limitHours };
}

/** Sentinel syndromes and the stream each belongs to. */
export const SYNDROMES = {
  fever_clinic_visits: {
    stream: 'fever_clinic',
    group: 'respiratory',
    zh: '发热门诊就诊',
    en: 'Fever clinic visits',
  },
  chc_respiratory: {
    stream: 'chc_respiratory',
    group: 'respiratory',
    zh: '社康呼吸道症状就诊',
    en: 'CHC respiratory visits',
  },
  chc_diarrhoea: {
    stream: 'chc_diarrhoea',
    group: 'diarrhoea',
    zh: '社康腹泻就诊',
    en: 'CHC diarrhoea visits',
  },
  pharmacy_antipyretics: {
    stream: 'pharmacy',
    group: 'respiratory',
    zh: '药店退热药销售',
    en: 'Pharmacy antipyretic sales',
  },
  pharmacy_antidiarrhoeals: {
    stream: 'pharmacy',
    group: 'diarrhoea',
    zh: '药店止泻药销售',
    en: 'Pharmacy antidiarrhoeal sales',
  },
  school_absence_fever: {
    stream: 'school',
    group: 'respiratory',
    zh: '学校因病缺课（发热/呼吸道）',
    en: 'School absence (fever/respiratory)',
  },
  school_absence_gi: {
    stream: 'school',
    group: 'diarrhoea',
    zh: '学校因病缺课（胃肠道）',
    en: 'School absence (gastrointestinal)',
  },
} as const;
export type Syndrome = keyof typeof SYNDROMES;
export const SYNDROME_CODES = Object.keys(SYNDROMES) as [Syndrome, ...Syndrome[]];

/** Daily counts from one sentinel site. */
export const syndromicCountSchema = z.strictObject({
  site: z.string().min(1).max(64),
  syndrome: z.enum(SYNDROME_CODES),
  date: isoDate,
  count: z.number().int().min(0).max(10_000_000),
});
export type SyndromicCountInput = z.infer<typeof syndromicCountSchema>;

/** Signal workflow states and outcomes. */
export const SIGNAL_STATUSES = [
  'new',
  'monitor',
  'discarded',
  'escalated',
  'investigating',
  'closed',
] as const;
export type SignalStatusName = (typeof SIGNAL_STATUSES)[number];
export const SIGNAL_OUTCOMES = ['outbreak', 'sporadic', 'false_alarm', 'data_error'] as const;

/** Which step may follow which (EWARS-style verification, then CIDARS field investigation). */
export const SIGNAL_TRANSITIONS: Record<SignalStatusName, readonly SignalStatusName[]> = {
  new: ['discarded', 'monitor', 'escalated'],
  monitor: ['discarded', 'escalated', 'closed'],
  escalated: ['investigating', 'closed'],
  investigating: ['closed'],
  discarded: [],
  closed: [],
};

/** A triage step: closing needs an outcome; discarding records a false alarm unless told otherwise. */
export const signalTransitionSchema = z
  .strictObject({
    to: z.enum(SIGNAL_STATUSES),
    outcome: z.enum(SIGNAL_OUTCOMES).optional(),
    note: z.string().max(2000).optional(),
  })
  .refine((v) => v.to !== 'closed' || v.outcome !== undefined, {
    error: '结案须填写结论 / closing needs an outcome',
    path: ['outcome'],
  });
export type SignalTransition = z.infer<typeof signalTransitionSchema>;
