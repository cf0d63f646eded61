/**
 * Typed target expressions. Every form keeps the bureau's own words in `raw`; the typed fields
 * are what the computer checks. See parse.ts for the grammar and format.ts for the way back.
 */

/** Codes of what the parser noticed about a text; messages in both languages live in warnings.ts. */
export type TargetWarning =
  'unrecognised' | 'compound' | 'no-target' | 'conflicting-operators' | 'qualitative-only';

/** Comparison operators: ≥ ≤ > < and equality (used for ordinal levels). */
export type Comparator = 'ge' | 'gt' | 'le' | 'lt' | 'eq';

/** Direction an indicator or a qualitative target moves in when it improves. */
export type Direction = 'increase' | 'decrease';

/** A qualitative target may also ask to hold a level. */
export type QualitativeDirection = Direction | 'maintain';

/** How a change is measured: relative percent, percentage points, or in the indicator's unit. */
export type ChangeMode = 'percent' | 'points' | 'absolute';

/** How a change's amount binds: a floor, a ceiling, or an approximate amount (左右, 约). */
export type ChangeBound = 'atLeast' | 'atMost' | 'about';

/** Ordinal grading schemes that appear in plans. */
export type LevelScheme = 'emr' | 'interop' | 'hospital-grade' | 'generic';

interface TargetBase {
  /** The text as written in the plan, never altered. */
  raw: string;
  /** Unit found in the text (normalised: %, ‰, 1/10万, 岁, 张 …), if any. */
  unit?: string;
  /** "per X" scope stated with the target (每个街道, per 社区 …). */
  per?: string;
  /** Parenthetical remarks stripped from the text before parsing. */
  note?: string;
  /** Things the parser noticed and the user should know (see warnings.ts for the messages). */
  warnings: TargetWarning[];
}

/** `≥84.53`, `<8‰`, `12/10万以下`, `不低于95%`, `控制在…以内`. */
export interface ComparisonTarget extends TargetBase {
  kind: 'comparison';
  op: Comparator;
  value: number;
}

/** A bare number (`80`, `4.58`): its direction comes from the indicator. */
export interface ValueTarget extends TargetBase {
  kind: 'value';
  value: number;
}

/** `2400—3000`, `1400-1550`, `3~5`. */
export interface RangeTarget extends TargetBase {
  kind: 'range';
  min: number;
  max: number;
}

/** `70左右`, `28％左右`. */
export interface ApproxTarget extends TargetBase {
  kind: 'approx';
  value: number;
}

/**
 * `增长 30%`, `提高1岁`, `下降10%` (from the baseline) or `比2015年降低5%` (from a named year). A
 * percent or points change carries no unit: `mode` says what the amount counts.
 */
export interface ChangeTarget extends TargetBase {
  kind: 'change';
  direction: Direction;
  amount: number;
  mode: ChangeMode;
  /** Reference: the plan's baseline, or a named year whose value must be supplied. */
  from: { type: 'baseline' } | { type: 'year'; year: number };
  /**
   * `以上`/`以下`/`以内` after the amount: at least or at most that change (以下 includes the amount);
   * `左右` or `约`: about that change. Default: at least.
   */
  bound: ChangeBound;
}

/** `力争每年降低 0.5 个百分点以上`, `年均增长 5%`. */
export interface AnnualChangeTarget extends TargetBase {
  kind: 'annualChange';
  direction: Direction;
  amount: number;
  mode: ChangeMode;
  bound: ChangeBound;
}

/** `新增≥12`, `+50 名`: an increment over the baseline count. */
export interface IncrementTarget extends TargetBase {
  kind: 'increment';
  op: Comparator;
  value: number;
}

/** `1：1.1`, `≥1∶1.5` (doctor-to-nurse). The value compared is right ÷ left. */
export interface RatioTarget extends TargetBase {
  kind: 'ratio';
  op: Comparator | null;
  left: number;
  right: number;
}

/** `全覆盖`, `100%`: every unit covered. */
export interface CoverageTarget extends TargetBase {
  kind: 'coverage';
  value: 100;
}

/** `≥五级`, `≥四甲`, `三甲`: an ordinal grade. `rank` orders grades within a scheme. */
export interface LevelTarget extends TargetBase {
  kind: 'level';
  op: Comparator;
  scheme: LevelScheme;
  /** The grade as written without the comparator, e.g. 五级, 四甲, 三级甲等. */
  level: string;
  rank: number;
}

/** Direction-only, relative-to-other, or unreadable text. Never dropped. */
export interface QualitativeTarget extends TargetBase {
  kind: 'qualitative';
  direction: QualitativeDirection | null;
  /** What the target is measured against, e.g. 省内平均水平, 全省领先水平. */
  relativeTo?: string;
}

export type Target =
  | ComparisonTarget
  | ValueTarget
  | RangeTarget
  | ApproxTarget
  | ChangeTarget
  | AnnualChangeTarget
  | IncrementTarget
  | RatioTarget
  | CoverageTarget
  | LevelTarget
  | QualitativeTarget;

export type TargetKind = Target['kind'];
