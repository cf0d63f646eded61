/**
 * What a resident-year (or an episode) counts in. `assessYear` is pure and deterministic: the
 * server's incremental update is the difference between the assessment before and after a change,
 * and a recount is the sum of the assessments of every resident; the two agree by construction.
 */
import type { Bilingual } from '../errors';
import { periodOf } from '../periods/periods';
import { yearOf } from './dates';
import { evaluate, resolveDate, type EvalContext } from './conditions';
import type { RuleExplanation } from './fields';
import type { ProgrammeFactsInput, ResidentFacts } from './facts';
import type { MembershipRule, RuleSet } from './schema';
import {
  covers,
  episodeUnits,
  normaliseFacts,
  ownerOfYear,
  residentUnit,
  spellOf,
  type CountingUnit,
  type Segment,
} from './units';

/** One +1 in an aggregate: a data element at an org unit for a period. */
export interface Membership {
  element: string;
  orgUnit: string;
  period: string;
}

/** One membership rule evaluated for one unit, met or not, with its reasons. */
export interface MembershipResult extends Membership {
  name: Bilingual;
  indicators: string[];
  /** The episode (pregnancy …) for episode programmes. */
  episode?: string;
  met: boolean;
  /** One line: the facts that decided the outcome. */
  reason: Bilingual;
  explanation: RuleExplanation;
}

export interface YearAssessment {
  programme: string;
  version: string;
  year: number;
  /** Every membership rule for every unit counted in the year, met or not. */
  results: MembershipResult[];
  /** The memberships met: what this resident adds to the aggregates of the year. */
  counted: Membership[];
}

/** The rule set in force for a year (see `resolverFor`). */
export type RuleSetResolver = (year: number) => RuleSet | undefined;

/**
 * Assess one resident in one programme for one calendar year.
 * Resident programmes yield nothing for a year without an enrolment segment touching it; episode
 * programmes yield, per episode, the memberships whose `countAt` date falls in the year, in the
 * period (month, quarter or year) of that date.
 */
export function assessYear(ruleSet: RuleSet, input: ProgrammeFactsInput, year: number): YearAssessment {
  const facts = normaliseFacts(input);
  const results: MembershipResult[] = [];
  if (ruleSet.unit === 'resident') {
    const unit = residentUnit(facts);
    const owner = ownerOfYear(unit.segments, year);
    if (owner) {
      const spell = spellOf(unit.segments, owner);
      const ctx = context(ruleSet, facts.resident, year, unit, spell.start, spell.end);
      for (const m of ruleSet.memberships) {
        results.push(evaluateMembership(ctx, m, owner.facility, String(year), undefined));
      }
    }
  } else {
    for (const unit of episodeUnits(facts)) {
      const start = unit.segments[0]?.start;
      if (start === undefined) continue;
      const end = unit.segments.some((s) => s.end === null)
        ? null
        : (unit.segments
            .map((s) => s.end ?? '')
            .sort()
            .at(-1) ?? null);
      const ctx = context(ruleSet, facts.resident, year, unit, start, end);
      for (const m of ruleSet.memberships) {
        const ref = m.countAt ?? ruleSet.countAt;
        const at = ref ? resolveDate(ref, ctx) : null;
        if (at === null || yearOf(at) !== year) continue;
        const owner = episodeOwner(unit.segments, at);
        results.push(evaluateMembership(ctx, m, owner.facility, periodOf(at, m.period), unit.episode));
      }
    }
  }
  return {
    programme: ruleSet.code,
    version: ruleSet.version,
    year,
    results,
    counted: results
      .filter((r) => r.met)
      .map(({ element, orgUnit, period }) => ({ element, orgUnit, period })),
  };
}

function context(
  ruleSet: RuleSet,
  resident: ResidentFacts,
  year: number,
  unit: CountingUnit,
  enrolmentStart: string,
  enrolmentEnd: string | null
): EvalContext {
  return {
    ruleSet,
    resident,
    year,
    unit: ruleSet.unit,
    segments: unit.segments,
    events: unit.events,
    enrolmentStart,
    enrolmentEnd,
  };
}

/** The facility holding the episode when it is counted: the segment covering the date, else the last before. */
function episodeOwner(segments: Segment[], at: string): Segment {
  const covering = segments.filter((s) => covers(s, at)).at(-1);
  const before = segments.filter((s) => s.start <= at).at(-1);
  return covering ?? before ?? (segments.at(-1) as Segment);
}

function evaluateMembership(
  ctx: EvalContext,
  m: MembershipRule,
  orgUnit: string,
  period: string,
  episode: string | undefined
): MembershipResult {
  const explanation = evaluate(m.when, ctx);
  return {
    element: m.element,
    orgUnit,
    period,
    name: m.name,
    indicators: m.indicators,
    ...(episode !== undefined ? { episode } : {}),
    met: explanation.met,
    reason: summarise(explanation),
    explanation,
  };
}

/** The leaves that decided an explanation's outcome. */
function decisive(node: RuleExplanation): RuleExplanation[] {
  if (!node.children || node.children.length === 0) return [node];
  if (node.negated) {
    return node.children.flatMap(decisive).map((l) => ({ ...l, zh: `并非：${l.zh}`, en: `not: ${l.en}` }));
  }
  const deciding = node.children.filter((c) => c.met === node.met);
  return (deciding.length > 0 ? deciding : node.children).flatMap(decisive);
}

/** One line of reasons, Chinese and English. */
export function summarise(node: RuleExplanation): Bilingual {
  const leaves = decisive(node);
  return { zh: leaves.map((l) => l.zh).join('；'), en: leaves.map((l) => l.en).join('; ') };
}

/**
 * Every membership of a resident from the first year of enrolment through `throughYear`, each
 * year judged by the rule set in force for it. Sum this over residents to recount.
 */
export function assessAll(
  resolve: RuleSetResolver,
  input: ProgrammeFactsInput,
  throughYear: number
): Membership[] {
  const facts = normaliseFacts(input);
  const years = facts.enrolments.map((s) => yearOf(s.start));
  if (years.length === 0) return [];
  const out: Membership[] = [];
  for (let y = Math.min(...years); y <= throughYear; y++) {
    const ruleSet = resolve(y);
    if (ruleSet) out.push(...assessYear(ruleSet, facts, y).counted);
  }
  return out;
}

/**
 * Whether a resident may be enrolled on `date` under the rule set's eligibility (age, sex, tags
 * at that date). A rule set without eligibility admits everyone.
 */
export function checkEligibility(ruleSet: RuleSet, resident: ResidentFacts, date: string): RuleExplanation {
  if (!ruleSet.enrolment.eligibility) return { met: true, zh: '无准入条件', en: 'No eligibility rule' };
  const ctx: EvalContext = {
    ruleSet,
    resident,
    year: yearOf(date),
    unit: ruleSet.unit,
    segments: [],
    events: [],
    enrolmentStart: date,
    enrolmentEnd: null,
  };
  return evaluate(ruleSet.enrolment.eligibility, ctx);
}
