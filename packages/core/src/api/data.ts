/** Shapes of the data-collection API (the entry form, a value's history), shared by server and web. */
import type { DataSet } from '../indicators/catalogue';

/** A stored value as the entry form shows it. */
export interface FormValue {
  element: string;
  value: number;
  comment: string | null;
  followup: boolean;
  storedBy: string;
  /** ISO instant. */
  storedAt: string;
  source: string;
}

/** A validation rule's failure as stored where data landed (`validation_results`). */
export interface StoredRuleFailure {
  id: number;
  rule: string;
  orgUnit: string;
  period: string;
  left: number | null;
  right: number | null;
  /** ISO instant. */
  foundAt: string;
}

/** `GET /api/dataSets/:code/form`: one data set × unit × period. */
export interface EntryForm {
  dataSet: DataSet;
  orgUnit: { code: string; name: string };
  period: string;
  /** The approval that locks the form (at the unit or above), if any. */
  lock: { orgUnit: string; approvedBy: string } | null;
  values: FormValue[];
  ruleFailures: StoredRuleFailure[];
}

/** One change of a value (`GET /api/dataValues/history`), newest first. */
export interface ValueHistoryEntry {
  oldValue: number | null;
  newValue: number | null;
  action: string;
  actor: string;
  /** ISO instant. */
  at: string;
}

/** An org unit in the list of `GET /api/orgunits`. */
export interface OrgUnitView {
  code: string;
  name: string;
  level: string;
  parent: string | null;
}

/** A value far from its unit's own history (`GET /api/outliers`): modified z-score over the threshold. */
export interface OutlierFlag {
  element: string;
  orgUnit: string;
  period: string;
  value: number;
  median: number;
  score: number;
}
