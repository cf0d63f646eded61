/** Response shapes of the surveillance API, shared by server and web, and the schemas of what it stores as JSON. */
import { z } from 'zod';
import type { Bilingual } from '../errors';
import { caseReportInputSchema, type SignalStatusName } from './reports';

const bilingual = z.object({ zh: z.string(), en: z.string() });

/** A notifiable disease as in force between two dates (one version of its entry). */
export interface NotifiableDisease {
  code: string;
  effectiveFrom: string;
  /** null while in force. */
  effectiveTo: string | null;
  name: Bilingual;
  /** 甲 A, 乙 B, 丙 C, or another notifiable disease. */
  class: 'A' | 'B' | 'C' | 'other';
  /** 乙类甲管: a class-B disease managed as class A. */
  managedAsA: boolean;
  singleCaseAlert: boolean;
  /** Hours from diagnosis within which a card is due. */
  reportLimitHours: 2 | 24;
  syndromeGroup: string;
  /** The code a merge replaced this one by. */
  replacedBy: string | null;
  basis: string | null;
}

/** `GET /api/surveillance/diseases`: every version, and those in force on the date asked for. */
export interface DiseaseTable {
  versions: NotifiableDisease[];
  inForce: NotifiableDisease[];
}

/** Which series an evidence stream is, stored with the signal so its chart can be redrawn. */
export const seriesKeySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cases'), unit: z.string(), disease: z.string(), daily: z.boolean() }),
  z.object({ kind: z.literal('syndromic'), site: z.string(), syndrome: z.string() }),
]);
export type SeriesKey = z.infer<typeof seriesKeySchema>;

/** One evidence stream of a signal, as stored in `signals.evidence` (numbers JSON could not hold are null). */
export const signalEvidenceSchema = z.object({
  stream: z.string(),
  unit: z.string(),
  topic: z.string(),
  algorithm: z.string(),
  date: z.string(),
  observed: z.number(),
  expected: z.number().nullable(),
  upperbound: z.number().nullable(),
  score: z.number().nullable(),
  pValue: z.number().nullable(),
  qValue: z.number().nullable(),
  /** The series, so the curve is redrawn with the same data. */
  series: seriesKeySchema.optional(),
  /** Why the method was chosen (and any tuning of its α). */
  reason: bilingual.optional(),
  /** The controls the run used, so the curve is redrawn with the same method and settings. */
  params: z.record(z.string(), z.unknown()).optional(),
});
export type SignalEvidence = z.infer<typeof signalEvidenceSchema>;

/** A signal on the board. */
export interface SignalRow {
  id: number;
  unitCode: string;
  unitName: string;
  syndromeGroup: string;
  topic: string;
  signalDate: string;
  level: 'single' | 'spatial' | 'corroborated';
  escalated: boolean;
  algorithm: string;
  observed: number;
  expected: number | null;
  upperbound: number | null;
  pValue: number | null;
  qValue: number | null;
  status: SignalStatusName;
  outcome: string | null;
  synthetic: boolean;
  /** ISO instants. */
  createdAt: string;
  updatedAt: string;
  evidence: SignalEvidence[];
}

/** The redrawn curve of one evidence stream. */
export interface EvidenceCurve {
  algorithm: string;
  reason: { zh: string; en: string };
  freq: 52 | 365;
  points: {
    date: string;
    observed: number;
    expected: number | null;
    upperbound: number | null;
    alarm: boolean;
  }[];
  baselineDates: string[];
  baselineObserved: number[];
}

/** One step of a signal's workflow. */
export interface SignalEvent {
  fromStatus: string;
  toStatus: string;
  outcome: string | null;
  note: string | null;
  actor: string;
  /** ISO instant. */
  at: string;
}

/** A signal page. */
export interface SignalDetail {
  signal: SignalRow;
  evidence: (SignalEvidence & { curve: EvidenceCurve | null })[];
  events: SignalEvent[];
}

/** Outcome statistics of one disease, syndrome or method. */
export interface OutcomeSummary {
  signals: number;
  judged: number;
  real: number;
  falseAlarms: number;
  ppv: number | null;
  responded: number;
  medianResponseHours: number | null;
}

/** What the outcomes teach, for the board's header. */
export interface SignalStats {
  date: string;
  byTopic: Record<string, OutcomeSummary>;
  byMethod: Record<string, OutcomeSummary>;
  monitoredUnits: number;
  signalsPerUnitWeek: number | null;
}

/** The summary of a detection run. */
export interface DetectionRun {
  date: string;
  seriesChecked: number;
  alarms: number;
  signals: number;
  created: number;
  updated: number;
  expectedPerUnitWeek: number;
  /** Topics whose α the outcomes of the past year tightened, and why. */
  tuned: { topic: string; alpha: number; judged: number; real: number; reason: { zh: string; en: string } }[];
}

/** Personal identifiers of a case as the roles that may see them see them. */
export interface CaseIdentifiersView {
  name: string | null;
  idNumber: string | null;
  phone: string | null;
  address: string | null;
}

/** A case report in the list. */
export interface CaseRow {
  id: number;
  cardNo: string;
  diseaseCode: string;
  /** The disease's name in the version in force at diagnosis. */
  diseaseName: Bilingual;
  diseaseClass: NotifiableDisease['class'] | null;
  caseType: string;
  onsetDate: string;
  /** ISO instants. */
  diagnosedAt: string;
  reportedAt: string;
  reportingUnit: string;
  reportingUnitName: string;
  residenceUnit: string;
  residenceUnitName: string;
  sex: string | null;
  ageYears: number | null;
  occupation: string | null;
  status: 'active' | 'revoked';
  version: number;
  synthetic: boolean;
  timeliness: { hours: number; limitHours: number; onTime: boolean };
  /** Only for roles that may see identifiers. */
  identifiers: CaseIdentifiersView | null;
}

/**
 * What a card's version stored (`case_report_history.data`): the card as sent, without its
 * identifiers; a revocation stores nothing. Fields of older builds are kept as they were.
 */
export const caseHistoryDataSchema = z.union([
  z.looseObject(caseReportInputSchema.omit({ identifiers: true }).shape),
  z.strictObject({}),
]);

/** One version of a card (`GET /api/surveillance/cases/:id/history`), oldest first. */
export interface CaseHistoryEntry {
  version: number;
  action: 'create' | 'correct' | 'revoke';
  data: z.infer<typeof caseHistoryDataSchema>;
  reason: string | null;
  actor: string;
  /** ISO instant. */
  at: string;
  /** For roles that see identifiers: the identifiers before and after a correction that changed them. */
  identifierChange?: { before: CaseIdentifiersView | null; after: CaseIdentifiersView };
}

/** What an import of case cards or sentinel counts did (or, with dryRun, would do). */
export interface SurveillanceImportResult {
  rows: number;
  imported: number;
  dryRun: boolean;
}
