/**
 * The facts a programme rule reads about one resident: who they are (birth, sex, death, tags),
 * their enrolment segments in the programme, and their service events. The server builds these
 * from its tables; the engine never reads anything else (no clock, no database).
 */
import { z } from 'zod';
import { bilingualMessage } from './schema';
import { isIsoDate } from './dates';

const isoDate = z
  .string()
  .refine(isIsoDate, { error: bilingualMessage('日期无效（应为 YYYY-MM-DD）', 'Not a date (YYYY-MM-DD)') });

/** A value of one event field: number, option code, option codes, boolean, date or text. */
export type FieldValue = number | string | boolean | string[] | null;

export const residentFactsSchema = z.strictObject({
  birthDate: isoDate,
  sex: z.enum(['M', 'F']),
  deathDate: isoDate.nullable().default(null),
  /** Free tags the server derives (diagnoses, key groups: `disabled`, `poor` …). */
  tags: z.array(z.string().min(1)).default([]),
});

/**
 * One stretch of management at one facility. A transfer ends a segment (reason e.g.
 * `transferred-out`) and opens another at the new facility, so past years stay with the facility
 * that held them. `episode` groups segments of one pregnancy (or other episode); absent = the id.
 */
export const enrolmentSegmentSchema = z
  .strictObject({
    id: z.string().min(1),
    start: isoDate,
    end: isoDate.nullable().default(null),
    endReason: z.string().min(1).nullable().default(null),
    /** Owning facility (org unit id) during this segment. */
    facility: z.string().min(1),
    episode: z.string().min(1).optional(),
  })
  .refine((s) => s.end === null || s.end >= s.start, {
    error: bilingualMessage('结束日期早于开始日期', 'The end date is before the start date'),
    path: ['end'],
  });

export const serviceEventSchema = z.strictObject({
  id: z.string().min(1),
  type: z.string().min(1),
  date: isoDate,
  fields: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.array(z.string()), z.null()])),
  /** The episode the event belongs to (episode programmes); resident programmes ignore it. */
  episode: z.string().min(1).optional(),
  /** Facility that delivered the service (for the record; ownership follows the enrolment). */
  facility: z.string().min(1).optional(),
});

export const programmeFactsSchema = z.strictObject({
  resident: residentFactsSchema,
  enrolments: z.array(enrolmentSegmentSchema),
  events: z.array(serviceEventSchema),
});

export type ResidentFacts = z.infer<typeof residentFactsSchema>;
export type EnrolmentSegment = z.infer<typeof enrolmentSegmentSchema>;
export type ServiceEvent = z.infer<typeof serviceEventSchema>;
export type ProgrammeFacts = z.infer<typeof programmeFactsSchema>;
/** Facts as callers may write them: defaults (null end, no tags) may be omitted. */
export type ProgrammeFactsInput = z.input<typeof programmeFactsSchema>;
