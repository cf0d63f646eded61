/**
 * Shapes of the programmes API (enrolments, service events, transfers, ends, the timeline, the
 * worklist), shared by the server and the web app. camelCase; dates are YYYY-MM-DD.
 */
import { z } from 'zod';
import { isIsoDate } from '../programmes/dates';
import type { Bilingual } from '../errors';
import type { DueItem } from '../programmes/due';

const day = z.string().refine(isIsoDate, { error: '日期无效（应为 YYYY-MM-DD） / Not a date (YYYY-MM-DD)' });
const code = z.string().min(1).max(64);
const unit = z.string().min(1).max(64);
const fieldValue = z.union([
  z.number(),
  z.string().max(2000),
  z.boolean(),
  z.array(z.string().max(200)).max(50),
  z.null(),
]);

/** `POST /api/residents/:id/enrolments`: open a segment in a programme. */
export const enrolInputSchema = z.strictObject({
  programme: code,
  start: day,
  /** The owning facility (community health centre or station). */
  facility: unit,
  /** Episode key (a pregnancy, a TB course) for episode programmes; default: the segment's id. */
  episode: z.string().min(1).max(64).optional(),
});
export type EnrolInput = z.infer<typeof enrolInputSchema>;

/** `POST /api/residents/:id/events`: one service event (a follow-up, a check …). */
export const eventInputSchema = z.strictObject({
  programme: code,
  type: code,
  date: day,
  fields: z.record(z.string().max(64), fieldValue).default({}),
  /** The facility that gave the service; default: the owner of the segment covering the date. */
  facility: unit.optional(),
  episode: z.string().min(1).max(64).optional(),
});
export type ProgrammeEventInput = z.infer<typeof eventInputSchema>;

/** `PATCH /api/residents/:id/events/:eventId`: a correction; `version` is the one the form read. */
export const eventCorrectionSchema = z.strictObject({
  version: z.number().int().positive(),
  date: day.optional(),
  fields: z.record(z.string().max(64), fieldValue).optional(),
  reason: z.string().min(1).max(500),
});
export type EventCorrection = z.infer<typeof eventCorrectionSchema>;

/** `DELETE /api/residents/:id/events/:eventId`: void an event, with the reason. */
export const eventVoidSchema = z.strictObject({
  version: z.number().int().positive(),
  reason: z.string().min(1).max(500),
});
export type EventVoid = z.infer<typeof eventVoidSchema>;

/** `POST /api/residents/:id/transfers`: the first day at the new facility. */
export const transferInputSchema = z.strictObject({
  programme: code,
  date: day,
  toFacility: unit,
});
export type TransferInput = z.infer<typeof transferInputSchema>;

/** `POST /api/residents/:id/enrolments/end`: the last day under management, and why. */
export const endInputSchema = z.strictObject({
  programme: code,
  date: day,
  /** One of the rule set's `enrolment.endReasons`. */
  reason: code,
});
export type EndInput = z.infer<typeof endInputSchema>;

/** The next contact of one programme, as a save answers it and the worklist lists it. */
export interface ProgrammeDue {
  programme: string;
  active: boolean;
  items: DueItem[];
}

/** What a save answers: the resident's memberships changed by it and what is due next. */
export interface ProgrammeSaveResult {
  /** The id of the enrolment segment or event written. */
  id: number;
  /** ±1 changes applied to the aggregates (element, org unit, period). */
  changes: { element: string; orgUnit: string; period: string; change: number }[];
  nextDue: ProgrammeDue;
}

export interface EnrolmentView {
  id: number;
  start: string;
  end: string | null;
  endReason: string | null;
  facility: string;
  episode: string | null;
}

export interface EventView {
  id: number;
  type: string;
  date: string;
  fields: Record<string, unknown>;
  facility: string;
  episode: string | null;
  version: number;
  voided: boolean;
  voidReason: string | null;
  recordedBy: string;
}

/** One programme on a resident's record page (`GET /api/residents/:id/programmes`). */
export interface ProgrammeTimeline {
  programme: string;
  name: Bilingual;
  version: string | null;
  enrolments: EnrolmentView[];
  /** Newest first, voided ones included and marked. */
  events: EventView[];
  /** What the resident counts in now, with the reason for each rule this year. */
  thisYear: { element: string; met: boolean; orgUnit: string; period: string; reason: Bilingual }[];
  nextDue: ProgrammeDue;
  /** The resident is synthetic (demo data): every figure from this record is marked so. */
  synthetic: boolean;
}

/** `GET /api/worklist` query. */
export const worklistQuerySchema = z.object({
  /** A facility (station) or any unit above it; or a team. */
  unit: unit.optional(),
  team: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  programme: code.optional(),
  /** Only those due on or before this day (default: everything). */
  dueBy: day.optional(),
  overdueOnly: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});
export type WorklistQuery = z.infer<typeof worklistQuerySchema>;

/** One row of a worklist: one resident's next contact in one programme. */
export interface WorklistRow {
  residentId: number;
  /** Masked unless the caller's role may see identifiers. */
  name: string;
  sex: string;
  birthDate: string;
  programme: string;
  item: string;
  itemName: Bilingual;
  due: string;
  overdue: boolean;
  daysOverdue: number;
  facility: string;
  synthetic: boolean;
}

export interface Worklist {
  total: number;
  asOf: string;
  rows: WorklistRow[];
}
