/** Response shapes of the surveillance API, shared by server and web. */
import type { SignalStatusName } from './reports';

/** One evidence stream of a signal, as stored. */
export interface SignalEvidence {
  stream: string;
  unit: string;
  topic: string;
  algorithm: string;
  date: string;
  observed: number;
  expected: number | null;
  upperbound: number | null;
  score: number | null;
  pValue: number | null;
  qValue: number | null;
  reason?: { zh: string; en: string };
}

/** A signal on the board. */
export interface SignalRow {
  id: number;
  unit_code: string;
  unit_name: string;
  syndrome_group: string;
  topic: string;
  signal_date: string;
  level: 'single' | 'spatial' | 'corroborated';
  escalated: boolean;
  algorithm: string;
  observed: number;
  expected: number | null;
  upperbound: number | null;
  p_value: number | null;
  q_value: number | null;
  status: SignalStatusName;
  outcome: string | null;
  synthetic: boolean;
  created_at: string;
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

/** A signal page. */
export interface SignalDetail {
  signal: SignalRow;
  evidence: (SignalEvidence & { curve: EvidenceCurve | null })[];
  events: {
    from_status: string;
    to_status: string;
    outcome: string | null;
    note: string | null;
    actor: string;
    at: string;
  }[];
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

/** A case report in the list. */
export interface CaseRow {
  id: number;
  card_no: string;
  disease_code: string;
  disease_name: string;
  disease_name_en: string;
  disease_class: string | null;
  case_type: string;
  onset_date: string;
  diagnosed_at: string;
  reported_at: string;
  reporting_unit_name: string;
  residence_unit_name: string;
  sex: string | null;
  age_years: number | null;
  status: 'active' | 'revoked';
  version: number;
  synthetic: boolean;
  timeliness: { hours: number; limitHours: number; onTime: boolean };
  identifiers: {
    name: string | null;
    idNumber: string | null;
    phone: string | null;
    address: string | null;
  } | null;
}
