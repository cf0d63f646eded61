/**
 * What the web needs of a programme's rule set to build its forms: the event types with their
 * typed fields, and the reasons an enrolment may end. The visit form is generated from these,
 * never written by hand per programme.
 */
import { z } from 'zod';
import type { Bilingual } from '../errors';
import { isIsoDate } from '../programmes/dates';
import type { EventTypeDef } from '../programmes/schema';

/** `GET /api/programmes/rule-sets?unit=…&date=…`: the rule sets in force for a unit's region on a day. */
export const ruleSetQuerySchema = z.object({
  /**
   * An org-unit code (a resident's home unit): a code that starts with a region's prefix gets that
   * region's rule sets before the national ones, as a resident's own rules do.
   */
  unit: z.string().trim().min(1).max(64).optional(),
  /** Default: today in China. */
  date: z
    .string()
    .refine(isIsoDate, { error: '日期无效（应为 YYYY-MM-DD） / Not a date (YYYY-MM-DD)' })
    .optional(),
});
export type RuleSetQuery = z.infer<typeof ruleSetQuerySchema>;

/** One programme's rule set as forms read it. */
export interface ProgrammeRuleSetView {
  code: string;
  version: string;
  name: Bilingual;
  /** The standard the rule set transcribes. */
  basis: Bilingual;
  region: string | null;
  effectiveFrom: string;
  unit: 'resident' | 'episode';
  eventTypes: EventTypeDef[];
  endReasons: { code: string; name: Bilingual }[];
}
