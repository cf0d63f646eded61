/** API shapes of the emergency module (camelCase), shared by the server and the web app. */
import { z } from 'zod';
import { EVENT_KINDS, GRADES, GRADING_FACTS, TEAM_CATEGORIES, type Grade } from './catalogue';
import type { Countdown } from './deadlines';
import type { EquipmentLine } from './equipment';
import { EVENT_STATUSES, EVENT_TASK_STATUSES, type EventStatus, type EventTaskStatus } from './lifecycle';

const instant = z.iso.datetime({ offset: true });
const day = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);

/** Opening an event by hand or from an escalated signal (its unit, topic, cases and evidence come along). */
export const eventOpenSchema = z
  .object({
    title: text(200),
    kind: z.enum(EVENT_KINDS),
    unitCode: text(64).optional(),
    disease: z.string().max(64).optional(),
    discoveredAt: instant,
    signalId: z.number().int().positive().max(2_147_483_647).optional(),
    description: z.string().max(4000).optional(),
  })
  .strict();
export type EventOpenInput = z.infer<typeof eventOpenSchema>;

export const gradingFactsSchema = z.object(
  Object.fromEntries(GRADING_FACTS.map((f) => [f, z.number().min(0).max(10_000_000).optional()])) as Record<
    (typeof GRADING_FACTS)[number],
    z.ZodOptional<z.ZodNumber>
  >
);

/** One lifecycle step; grading names the grade and the criterion, closing carries the summary. */
export const eventTransitionSchema = z
  .object({
    to: z.enum(EVENT_STATUSES),
    note: z.string().max(2000).optional(),
    grade: z.enum(GRADES).optional(),
    criterion: z.string().max(64).optional(),
    facts: gradingFactsSchema.optional(),
    responseLevel: z.enum(GRADES).optional(),
    summary: z.string().max(8000).optional(),
  })
  .strict();
export type EventTransitionInput = z.infer<typeof eventTransitionSchema>;

/** A step that does not change the status: the government informed, or a note on the timeline. */
export const eventNoteSchema = z
  .object({ step: z.enum(['government_notified', 'note']), note: text(2000) })
  .strict();

export const taskInputSchema = z
  .object({
    title: text(200),
    teamId: z.number().int().positive().max(2_147_483_647).optional(),
    unitCode: text(64).optional(),
    dueAt: instant,
  })
  .strict();
export type TaskInput = z.infer<typeof taskInputSchema>;

export const taskStatusSchema = z
  .object({ to: z.enum(EVENT_TASK_STATUSES), note: z.string().max(2000).optional() })
  .strict();

export const linkCasesSchema = z
  .object({ caseIds: z.array(z.number().int().positive().max(2_147_483_647)).min(1).max(5000) })
  .strict();

/** An event in a list. */
export interface EventRow {
  id: number;
  title: string;
  kind: (typeof EVENT_KINDS)[number];
  unitCode: string;
  unitName: string;
  disease: string | null;
  status: EventStatus;
  grade: Grade | null;
  responseLevel: Grade | null;
  signalId: number | null;
  discoveredAt: string;
  openedBy: string;
  synthetic: boolean;
  /** Missed deadlines now (countdowns in state "missed"). */
  missed: number;
  openTasks: number;
  overdueTasks: number;
  cases: number;
}

/** One entry of the timeline. */
export interface TimelineEntry {
  step: string;
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
  details: Record<string, unknown>;
  actor: string;
  at: string;
}

export interface TaskRow {
  id: number;
  eventId: number;
  title: string;
  teamId: number | null;
  teamName: string | null;
  unitCode: string | null;
  unitName: string | null;
  dueAt: string;
  status: EventTaskStatus;
  overdue: boolean;
  assignedBy: string;
  assignedAt: string;
  doneAt: string | null;
}

/** A linked case as the line list shows it (no identifiers). */
export interface LineListRow {
  caseId: number;
  cardNo: string;
  disease: string;
  caseType: string;
  onsetDate: string;
  reportedAt: string;
  residenceUnit: string;
  residenceUnitName: string;
  sex: string | null;
  ageYears: number | null;
  occupation: string | null;
  synthetic: boolean;
}

export interface EventDetail {
  event: EventRow & { description: string | null; summary: string | null; evidence: unknown[] };
  timeline: TimelineEntry[];
  countdowns: Countdown[];
  tasks: TaskRow[];
  lineList: LineListRow[];
  curve: { date: string; count: number }[];
  suggestion: { grade: Grade | null; criteria: string[] };
  criteria: { code: string; grade: Grade; zh: string; en: string; computable: boolean }[];
}

/** Teams and experts. */
export const teamInputSchema = z
  .object({
    name: text(200),
    category: z.enum(TEAM_CATEGORIES),
    level: z.enum(['city', 'district', 'facility']),
    unitCode: text(64),
  })
  .strict();
export const memberInputSchema = z
  .object({
    name: text(100),
    role: z.enum([
      'leader',
      'deputy',
      'epidemiologist',
      'clinician',
      'nurse',
      'laboratory',
      'logistics',
      'psychologist',
      'other',
    ]),
    phone: z
      .string()
      .regex(/^[0-9+\- ]{5,20}$/)
      .optional(),
    trainedOn: day.optional(),
  })
  .strict();
export const equipmentInputSchema = z
  .object({
    items: z
      .array(z.object({ item: text(64), held: z.number().int().min(0).max(1_000_000) }).strict())
      .min(1)
      .max(200),
  })
  .strict();
export const drillInputSchema = z
  .object({
    heldOn: day,
    kind: z.enum(['tabletop', 'functional', 'full_scale']),
    participants: z.number().int().min(0).max(10_000),
    findings: z.string().max(4000).optional(),
  })
  .strict();
export const expertInputSchema = z
  .object({
    name: text(100),
    speciality: text(100),
    unitCode: text(64),
    title: z.string().max(100).optional(),
    phone: z
      .string()
      .regex(/^[0-9+\- ]{5,20}$/)
      .optional(),
  })
  .strict();

export interface TeamRow {
  id: number;
  name: string;
  category: (typeof TEAM_CATEGORIES)[number];
  level: string;
  unitCode: string;
  unitName: string;
  members: number;
  trained: number;
  compliance: number | null;
  drillsThisYear: number;
  deployed: boolean;
  synthetic: boolean;
}
export interface TeamMemberView {
  id: number;
  name: string;
  role: string;
  /** Masked unless the caller's role may see contacts. */
  phone: string | null;
  trainedOn: string | null;
}
export interface TeamDetail {
  team: TeamRow;
  members: TeamMemberView[];
  equipment: EquipmentLine[];
  drills: {
    id: number;
    heldOn: string;
    kind: string;
    participants: number;
    findings: string | null;
    recordedBy: string;
  }[];
}
export interface ExpertRow {
  id: number;
  name: string;
  speciality: string;
  unitCode: string;
  unitName: string;
  title: string | null;
  phone: string | null;
  synthetic: boolean;
}
export interface TeamIndicators {
  year: number;
  teams: number;
  /** Mean of the teams' equipment compliance. */
  equipmentCompliance: number | null;
  teamsFullyEquipped: number;
  drills: number;
  drillsPerTeam: number | null;
  members: number;
  membersTrained: number;
  trainedShare: number | null;
}

/** The reserve. */
export const holderInputSchema = z
  .object({
    code: z.string().regex(/^[A-Za-z0-9_-]{2,40}$/),
    name: text(200),
    kind: z.enum(['warehouse', 'facility', 'enterprise']),
    level: z.enum(['city', 'district', 'facility']),
    unitCode: text(64),
    population: z.number().int().min(0).max(100_000_000).optional(),
    beds: z.number().int().min(0).max(100_000).optional(),
    capacity: z.boolean().optional(),
  })
  .strict();
export const receiptSchema = z
  .object({
    holder: text(40),
    item: text(64),
    lotNo: text(64),
    quantity: z.number().int().positive().max(100_000_000),
    expiresOn: day.optional(),
    note: z.string().max(1000).optional(),
  })
  .strict();
export const issueSchema = z
  .object({
    holder: text(40),
    item: text(64),
    quantity: z.number().int().positive().max(100_000_000),
    eventId: z.number().int().positive().max(2_147_483_647).optional(),
    note: z.string().max(1000).optional(),
  })
  .strict();
export const transferSchema = z
  .object({
    from: text(40),
    to: text(40),
    item: text(64),
    quantity: z.number().int().positive().max(100_000_000),
    eventId: z.number().int().positive().max(2_147_483_647).optional(),
    note: z.string().max(1000).optional(),
  })
  .strict();
export const rotationSchema = z
  .object({ lotId: z.number().int().positive().max(2_147_483_647), note: z.string().max(1000).optional() })
  .strict();

export interface StockLine {
  holder: string;
  holderName: string;
  level: string;
  item: string;
  itemName: { zh: string; en: string };
  unit: { zh: string; en: string };
  usable: number;
  expired: number;
  rotate: number;
  norm: number | null;
  shortfall: number | null;
  issuedPerDay: number;
  daysOfSupply: number | null;
  lots: {
    id: number;
    lotNo: string;
    quantity: number;
    expiresOn: string | null;
    state: 'expired' | 'rotate' | 'ok';
  }[];
  synthetic: boolean;
}
export interface ReserveIndicators {
  /** Share of norm-bearing (holder, item) pairs at norm, per level. */
  atNorm: Record<string, { pairs: number; atNorm: number; share: number | null }>;
  expiredQuantity: number;
  lotsToRotate: number;
  shortfalls: number;
  /** The shortest days of supply among lines being issued during an event. */
  minDaysOfSupply: number | null;
}

/** The command board. */
export interface CommandBoard {
  openByGrade: Record<Grade | 'ungraded', number>;
  events: EventRow[];
  overdueTasks: TaskRow[];
  deployedTeams: { teamId: number; name: string; eventId: number; eventTitle: string }[];
  shortfalls: StockLine[];
  curve: { eventId: number; title: string; points: { date: string; count: number }[] } | null;
  synthetic: boolean;
}
