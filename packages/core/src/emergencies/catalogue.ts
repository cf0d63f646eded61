/**
 * The emergency catalogues as data: grading criteria of the national emergency plan, the
 * deadlines an event is measured against, the team-equipment standard and the reserve
 * catalogue. The YAML files live in `catalogue/emergencies/`; these schemas check them.
 */
import { z } from 'zod';

const bilingual = z.object({ zh: z.string().min(1), en: z.string().min(1) });

/** The four grades, most severe first (特别重大, 重大, 较大, 一般). */
export const GRADES = ['I', 'II', 'III', 'IV'] as const;
export type Grade = (typeof GRADES)[number];

/** Names of the grades as the plan writes them. */
export const GRADE_NAMES: Record<Grade, { zh: string; en: string }> = {
  I: { zh: '特别重大（Ⅰ级）', en: 'Particularly serious (I)' },
  II: { zh: '重大（Ⅱ级）', en: 'Serious (II)' },
  III: { zh: '较大（Ⅲ级）', en: 'Relatively serious (III)' },
  IV: { zh: '一般（Ⅳ级）', en: 'General (IV)' },
};

/** Kinds of public-health event the plan distinguishes. */
export const EVENT_KINDS = [
  'infectious',
  'unknown_cluster',
  'food_poisoning',
  'occupational_poisoning',
  'vaccination',
  'other',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Facts about an event that computable criteria look at. */
export const GRADING_FACTS = [
  'casesWeek',
  'casesIncubation',
  'counties',
  'cities',
  'poisoned',
  'deaths',
  'excess',
] as const;
export type GradingFact = (typeof GRADING_FACTS)[number];

const condition = z
  .object({ fact: z.enum(GRADING_FACTS), min: z.number().optional(), max: z.number().optional() })
  .strict();

export const gradingCriterionSchema = z
  .object({
    code: z.string().min(1),
    grade: z.enum(GRADES),
    zh: z.string().min(1),
    en: z.string().min(1),
    when: z
      .object({
        diseases: z.array(z.string()).optional(),
        classes: z.array(z.enum(['A', 'B', 'C'])).optional(),
        kinds: z.array(z.enum(EVENT_KINDS)).optional(),
        /** Alternatives; each is a list of conditions that must all hold. */
        any: z.array(z.array(condition).min(1)).min(1),
      })
      .strict()
      .optional(),
  })
  .strict();
export type GradingCriterion = z.infer<typeof gradingCriterionSchema>;
export const gradingFileSchema = z.object({ criteria: z.array(gradingCriterionSchema).min(1) }).strict();

/** Steps of an event that start or meet a deadline. */
export const EVENT_STEPS = [
  'discovered',
  'reported',
  'government_notified',
  'verified',
  'graded',
  'responding',
  'sitrep',
  'response_ended',
  'closed',
] as const;
export type EventStep = (typeof EVENT_STEPS)[number];

export const deadlineRuleSchema = z
  .object({
    code: z.string().min(1),
    from: z.enum(EVENT_STEPS),
    done: z.enum(EVENT_STEPS),
    hours: z.number().positive(),
    every: z.boolean().optional(),
    zh: z.string().min(1),
    en: z.string().min(1),
  })
  .strict();
export type DeadlineRule = z.infer<typeof deadlineRuleSchema>;
export const deadlinesFileSchema = z.object({ deadlines: z.array(deadlineRuleSchema).min(1) }).strict();

/** Response-team categories named by the issue. */
export const TEAM_CATEGORIES = [
  'infectious',
  'medical_rescue',
  'poisoning',
  'nuclear_radiation',
  'psychological',
] as const;
export type TeamCategory = (typeof TEAM_CATEGORIES)[number];

export const equipmentStandardSchema = z
  .object({
    items: z
      .array(
        z
          .object({
            code: z.string().min(1),
            zh: z.string(),
            en: z.string(),
            group: z.string(),
            unit: bilingual,
          })
          .strict()
      )
      .min(1),
    standards: z.record(
      z.enum(TEAM_CATEGORIES),
      z.array(
        z
          .object({
            item: z.string(),
            perMember: z.number().nonnegative().optional(),
            perTeam: z.number().nonnegative().optional(),
          })
          .strict()
      )
    ),
  })
  .strict();
export type EquipmentStandard = z.infer<typeof equipmentStandardSchema>;

/** Reserve levels that carry a norm. */
export const RESERVE_LEVELS = ['city', 'district', 'facility'] as const;
export type ReserveLevel = (typeof RESERVE_LEVELS)[number];

export const SUPPLY_CATEGORIES = [
  'protective',
  'drugs',
  'test_kits',
  'disinfectants',
  'devices',
  'tcm',
] as const;

const norm = z.object({ per: z.enum(['population', 'beds']), qty: z.number().nonnegative() }).strict();
export const reserveItemSchema = z
  .object({
    code: z.string().min(1),
    category: z.enum(SUPPLY_CATEGORIES),
    zh: z.string().min(1),
    en: z.string().min(1),
    unit: bilingual,
    /** Days before expiry at which a lot must be rotated out; absent for items that do not expire. */
    rotationDays: z.number().int().positive().optional(),
    norms: z.object({ city: norm.optional(), district: norm.optional(), facility: norm.optional() }).strict(),
  })
  .strict();
export type ReserveItem = z.infer<typeof reserveItemSchema>;
export const reserveCatalogueSchema = z.object({ items: z.array(reserveItemSchema).min(1) }).strict();
export type ReserveCatalogue = z.infer<typeof reserveCatalogueSchema>;

/** All four catalogues, as the server loads them. */
export interface EmergencyCatalogues {
  criteria: GradingCriterion[];
  deadlines: DeadlineRule[];
  equipment: EquipmentStandard;
  reserve: ReserveCatalogue;
}
