/**
 * Shapes the analytics, data, evaluation and report APIs return. Shared by the server (which
 * builds them) and the web app (which renders them), so both agree at compile time.
 */
import type { Bilingual } from '../errors';
import type { Ambition } from '../evaluation/cascade';
import type { RowStatus, ScheduleMethod } from '../evaluation/status';
import type { PlanRow } from '../plans/schema';

export interface AnalyticsRow {
  dx: string;
  pe: string;
  ou: string;
  value: number | null;
  /** True when any input is synthetic (demo) data. */
  synthetic?: boolean;
  numerator?: number | null;
  denominator?: number | null;
  factor?: number;
}

export interface AnalyticsResponse {
  headers: string[];
  rows: AnalyticsRow[];
  metaData: {
    dx: Record<string, { zh: string; en: string; unit: string }>;
    ou: Record<string, { name: string; level: string; parent: string | null }>;
    pe: string[];
  };
}

export interface ElementExplanation {
  code: string;
  name: { zh: string; en: string };
  aggregationType: string;
  value: number | null;
  /** Stored data values that went in. */
  valueCount: number;
  periods: string[];
  /** own: the unit's own reported value was used; children: the sum of its children. */
  rule: 'own' | 'children' | 'none';
  contributors: { code: string; name: string; value: number }[];
  sources: { source: string; count: number; synthetic: boolean }[];
}

export interface Explanation {
  dx: string;
  pe: string;
  ou: { code: string; name: string };
  name: { zh: string; en: string };
  unit: string;
  formula: { numerator: string; denominator: string | null; factor: number };
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  definition: { zh: string; en: string };
  standard: string;
  elements: ElementExplanation[];
}

export interface ChangePreview {
  row: number;
  element: string;
  orgUnit: string;
  period: string;
  disagg: string;
  old: number | null;
  new: number | null;
  action: 'create' | 'update' | 'delete';
}

export interface WriteResult {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  /** Dry run: the changes, up to 1,000. */
  changes: ChangePreview[];
  ruleFailures: RuleFailure[];
}

export interface RuleFailure {
  rule: string;
  name: { zh: string; en: string };
  orgUnit: string;
  period: string;
  left: number | null;
  right: number | null;
}

export interface RowResult {
  key: string;
  name: string;
  category: string | null;
  indicator: string | null;
  unit: string | null;
  attribute: PlanRow['attribute'];
  target: { raw: string; year: number; level: string } | null;
  /** From the plan, or from collected data of the base year when the plan states none. */
  baseline: { year: number; value: number; source: 'plan' | 'data' } | null;
  status: RowStatus;
  statusName: Bilingual;
  actual: number | null;
  actualSource: 'plan' | 'data' | null;
  synthetic: boolean;
  expected: number | null;
  progress: number | null;
  method: ScheduleMethod;
  threshold: number;
  reason: Bilingual;
  /** Decimals the row is compared and shown at (the plan's stated precision or the catalogue's). */
  decimals: number;
  statusAsWritten: string | null;
  /** Why the written status disagrees with the numbers; null when they agree or nothing is written. */
  discrepancy: Bilingual | null;
  /** Departments responsible (from the plan's tasks). */
  owners: string[];
  /**
   * Beds per 1,000: the value forecast for the target year (`year`) from the beds and population
   * of `madeFrom` and the beds still to come from projects.
   */
  forecast?: { year: number; value: number; madeFrom: number; synthetic: boolean } | null;
}

export interface PlanEvaluation {
  plan: { id: string; title: string; region: string; period: [number, number]; baseYear: number };
  year: number;
  counts: Record<RowStatus, number>;
  rows: RowResult[];
}

export interface RowTrend {
  row: RowResult;
  points: {
    year: number;
    actual: number | null;
    expected: number | null;
    status: string;
    source: string | null;
    synthetic: boolean;
  }[];
}

export interface LeagueEntry {
  plan: string;
  title: string;
  region: string;
  target: string | null;
  baseline: number | null;
  actual: number | null;
  status: RowStatus;
  progress: number | null;
  /** The actual is built on synthetic (demo) data. */
  synthetic: boolean;
  /** Decimals the plan's row is compared and shown at. */
  decimals: number;
}

export interface LeagueRow {
  indicator: string;
  name: Bilingual;
  unit: string;
  /** `none`: no value is better; the entries are listed by value, not ranked. */
  direction: 'increase' | 'decrease' | 'none';
  entries: LeagueEntry[];
}

export interface CascadeRow {
  key: string;
  name: string;
  indicator: string | null;
  attribute: PlanRow['attribute'];
  own: string;
  higher: string;
  higherLevel: string;
  ambition: Ambition;
  /** A less ambitious target for a binding indicator. */
  flagged: boolean;
  reason: Bilingual;
  higherUnit: string | null;
  higherValue: number | null;
  /** The higher level's value is built on synthetic (demo) data. */
  higherSynthetic: boolean;
  higherMeets: boolean | null;
}

/**
 * A rule a city's plan sets for every district or county under it ("at least one urban medical
 * group in each 市辖区"), with the units it applies to (`GET /api/plans/:id/rules`).
 */
export interface CascadeRule {
  key: string;
  /** The rule in the plan's words. */
  name: string;
  target: string;
  per: string;
  /** The units below the plan's region the rule applies to, each to be checked. */
  units: { code: string; name: string; level: string }[];
}
