/**
 * Coverage (接种率) and timeliness (及时接种率): which children a dose's denominator and numerator
 * hold in a period. Each measure is written twice, once as a plain function of one child (to
 * count directly) and once in the programme engine's condition language (`coverageRuleSet`), so
 * the resident platform keeps the aggregates fresh with ±1 deltas; the tests hold the two equal.
 *
 * Definitions (see README for the sources):
 * - 接种率 of a dose, period P (the routine report's 应种 / 实种): the denominator holds children
 *   who have reached the dose's age by the end of P, had not received it before P began, were
 *   still below its catch-up age limit when P began, and were under management when they reached
 *   the age — that is, children newly due in P and those carried over, still unvaccinated. The
 *   numerator holds those of them vaccinated during P.
 * - 及时接种率 of a dose: the denominator holds children whose timely window (the dose's age to
 *   one month later, exclusive; HepB 1 the day of birth and the next) closed in P while under
 *   management; the numerator those vaccinated inside the window.
 * - 全程接种率 at an age A (12 months: the doses the schedule wants complete in the first year;
 *   7 years: the whole schedule): the denominator holds children reaching A in P; the numerator
 *   those who had, before A, every dose the schedule wants complete before A.
 * For a disease with alternatives, each track has its own measures; a child is on the track
 *   of its first dose of the disease given by the end of P, else the default (or preferred) one.
 */
import { AppError, type Bilingual } from '../errors';
import { addDays, addSpan } from '../programmes/dates';
import type { GivenDose } from './doses';
import { vaccinationEventType } from './doses';
import type { AgeSpan, DoseSlot, ImmunizationSchedule, VaccineSeries, SeriesTrack } from './schema';
import {
  ageText,
  completeBeforeOf,
  defaultTrack,
  eventCode,
  placements,
  slotVaccines,
  spanAtMost,
  sumSpans,
  trackVaccines,
  vaccineOf,
} from './vaccines';

/** A dose of the schedule: series, track (default: the series' default) and dose number. */
export interface SlotRef {
  series: string;
  track?: string;
  dose: number;
}

/** What coverage is measured: one dose, its timeliness, or the whole schedule due by an age. */
export type CoverageMeasure =
  { kind: 'dose'; slot: SlotRef } | { kind: 'timely'; slot: SlotRef } | { kind: 'full'; age: AgeSpan };

/** A child as coverage reads it. Management is assumed to start at birth (the birth doses count). */
export interface CoverageChild {
  birthDate: string;
  given: readonly GivenDose[];
  /** Last day under management (death, moved away); absent or null: still managed. */
  managedUntil?: string | null;
}

/** Inclusive bounds of a reporting period. */
export interface CoveragePeriod {
  from: string;
  to: string;
}

export interface CoverageOptions {
  /** Track codes for children with no dose of a disease yet (as in the due list). */
  prefer?: readonly string[];
}

interface Resolved {
  series: VaccineSeries;
  track: SeriesTrack;
  slot: DoseSlot;
}

/** The series, track and slot a reference names. @throws AppError BAD_REQUEST naming it */
export function resolveSlot(schedule: ImmunizationSchedule, ref: SlotRef): Resolved {
  const series = schedule.series.find((s) => s.code === ref.series);
  const track = series
    ? ref.track === undefined
      ? defaultTrack(series)
      : series.tracks.find((t) => t.code === ref.track)
    : undefined;
  const slot = track?.doses.find((d) => d.dose === ref.dose);
  if (!series || !track || !slot) {
    const name = `${ref.series}${ref.track ? `/${ref.track}` : ''} ${ref.dose}`;
    throw new AppError('BAD_REQUEST', {
      zh: `免疫程序 ${schedule.code} ${schedule.version} 中没有剂次 ${name}`,
      en: `ImmunizationSchedule ${schedule.code} ${schedule.version} has no dose ${name}`,
    });
  }
  return { series, track, slot };
}

/** The track a child is on at the end of a period: its first dose of the disease decides. */
function trackAt(
  schedule: ImmunizationSchedule,
  series: VaccineSeries,
  child: CoverageChild,
  to: string,
  prefer: readonly string[]
): SeriesTrack {
  if (series.tracks.length === 1) return series.tracks[0] as SeriesTrack;
  const until = child.managedUntil ?? null;
  const first = [...child.given]
    .filter((g) => g.date <= to && (until === null || g.date <= until))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    .map((g) => placements(schedule, g.vaccine, g.dose).find((p) => p.series === series))
    .find((p) => p !== undefined);
  return first?.track ?? defaultTrack(series, prefer);
}

/** Dates of the child's doses that fill a slot (its vaccine or an accepted one, its number). */
function slotDates(schedule: ImmunizationSchedule, r: Resolved, child: CoverageChild): string[] {
  const vaccines = slotVaccines(schedule, r.series, r.slot);
  const until = child.managedUntil ?? null;
  return child.given
    .filter((g) => g.dose === r.slot.dose && vaccines.includes(g.vaccine))
    .map((g) => g.date)
    .filter((d) => d >= child.birthDate && (until === null || d <= until));
}

/** Slots of a track the schedule wants complete before an age. */
export function requiredBefore(track: SeriesTrack, age: AgeSpan): DoseSlot[] {
  return track.doses.filter((d) => {
    const cb = completeBeforeOf(track, d);
    return cb !== undefined && spanAtMost(cb, age);
  });
}

/** Whether one child counts in a measure's denominator and numerator for a period. */
export function coverageOf(
  schedule: ImmunizationSchedule,
  measure: CoverageMeasure,
  child: CoverageChild,
  period: CoveragePeriod,
  options: CoverageOptions = {}
): { denominator: boolean; numerator: boolean } {
  const prefer = options.prefer ?? [];
  const birth = child.birthDate;
  const until = child.managedUntil ?? null;
  const managedOn = (d: string): boolean => until === null || d <= until;
  if (until !== null && until < period.from) return { denominator: false, numerator: false };
  if (birth > period.to) return { denominator: false, numerator: false };

  if (measure.kind === 'full') {
    const reach = addSpan(birth, measure.age);
    const denominator = reach >= period.from && reach <= period.to && managedOn(reach);
    if (!denominator) return { denominator, numerator: false };
    const lastDay = addDays(reach, -1);
    const numerator = schedule.series.every((series) => {
      const track = trackAt(schedule, series, child, period.to, prefer);
      return requiredBefore(track, measure.age).every((slot) =>
        slotDates(schedule, { series, track, slot }, child).some((d) => d <= lastDay)
      );
    });
    return { denominator, numerator };
  }

  const r = resolveSlot(schedule, measure.slot);
  if (trackAt(schedule, r.series, child, period.to, prefer) !== r.track) {
    return { denominator: false, numerator: false };
  }
  const dates = slotDates(schedule, r, child);
  const ageDate = addSpan(birth, r.slot.age);
  if (measure.kind === 'timely') {
    const end = addDays(addSpan(birth, sumSpans(r.slot.age, r.slot.timely ?? schedule.rules.timely)), -1);
    const denominator = end >= period.from && end <= period.to && managedOn(end);
    return { denominator, numerator: denominator && dates.some((d) => d >= ageDate && d <= end) };
  }
  const limit = addSpan(birth, r.slot.maxAge ?? schedule.rules.catchUpBelow);
  const denominator =
    ageDate <= period.to && managedOn(ageDate) && !dates.some((d) => d < period.from) && limit > period.from;
  return {
    denominator,
    numerator: denominator && dates.some((d) => d >= period.from && d <= period.to),
  };
}

/** Counts over children: denominator, numerator and the rate in per cent (null when nobody is due). */
export function coverage(
  schedule: ImmunizationSchedule,
  measure: CoverageMeasure,
  children: readonly CoverageChild[],
  period: CoveragePeriod,
  options: CoverageOptions = {}
): { denominator: number; numerator: number; rate: number | null } {
  let denominator = 0;
  let numerator = 0;
  for (const c of children) {
    const r = coverageOf(schedule, measure, c, period, options);
    if (r.denominator) denominator++;
    if (r.numerator) numerator++;
  }
  return { denominator, numerator, rate: denominator === 0 ? null : (100 * numerator) / denominator };
}

// --- the same measures in the programme engine's condition language -----------------------------

/** A condition as a rule-set file writes it (plain data; `parseRuleSet` checks it). */
export type RawCondition = Record<string, unknown>;

const birthPlus = (span: AgeSpan, days = 0): RawCondition => ({
  at: 'birth',
  plus: { ...span, days: (span.days ?? 0) + days },
});
const yearStartMinusOne = { at: 'year-start', plus: { days: -1 } };

/** "乙肝疫苗第3剂" / "Hepatitis B vaccine dose 3". */
function slotLabel(schedule: ImmunizationSchedule, r: Resolved): Bilingual {
  const v = vaccineOf(schedule, r.slot.vaccine);
  return { zh: `${v.name.zh}第${r.slot.dose}剂`, en: `${v.name.en} dose ${r.slot.dose}` };
}

/** "满6月龄" / "reaches 6 months". */
function reachLabel(age: AgeSpan): Bilingual {
  const t = ageText(age);
  return { zh: `满${t.zh}`, en: `reaches ${t.en}` };
}

function slotFilter(schedule: ImmunizationSchedule, r: Resolved): RawCondition {
  return {
    type: 'vaccination',
    where: {
      all: [
        { field: 'vaccine', in: slotVaccines(schedule, r.series, r.slot).map(eventCode) },
        { field: 'dose', eq: r.slot.dose },
      ],
    },
  };
}

/** "The child is on this track": its first dose of the disease by year-end is one of the track's. */
function trackCondition(
  series: VaccineSeries,
  track: SeriesTrack,
  prefer: readonly string[]
): RawCondition[] {
  if (series.tracks.length === 1) return [];
  const all = series.tracks.flatMap(trackVaccines).map(eventCode);
  const first = (vaccines: string[]): RawCondition => ({
    event: {
      of: { type: 'vaccination', where: { field: 'vaccine', in: all } },
      which: 'first',
      test: { field: 'vaccine', in: vaccines },
      window: { from: 'birth', to: 'year-end' },
    },
  });
  if (defaultTrack(series, prefer) === track) {
    const others = series.tracks.filter((t) => t !== track).flatMap(trackVaccines);
    return [{ not: first(others.map(eventCode)) }];
  }
  return [first(trackVaccines(track).map(eventCode))];
}

/** A date reached in the year, while under management. */
function reachedInYear(date: RawCondition, label: Bilingual): RawCondition[] {
  return [
    { dateIn: { date, label } },
    { dateIn: { date, window: { from: 'birth', to: 'enrolment-end' }, label } },
  ];
}

/** A measure's denominator and numerator as engine conditions on a resident-year. */
export function coverageConditions(
  schedule: ImmunizationSchedule,
  measure: CoverageMeasure,
  options: CoverageOptions = {}
): { denominator: RawCondition; numerator: RawCondition } {
  const prefer = options.prefer ?? [];
  if (measure.kind === 'full') {
    const denominator = reachedInYear(birthPlus(measure.age), reachLabel(measure.age));
    const complete = schedule.series.flatMap((series): RawCondition[] => {
      const byTrack = series.tracks.map((track) => ({ track, slots: requiredBefore(track, measure.age) }));
      if (byTrack.every((t) => t.slots.length === 0)) return [];
      const parts = byTrack.map(({ track, slots }) => {
        const given = slots.map((slot) => ({
          events: {
            of: slotFilter(schedule, { series, track, slot }),
            min: 1,
            window: { from: 'birth', to: birthPlus(measure.age, -1) },
            label: slotLabel(schedule, { series, track, slot }),
          },
        }));
        const conds = [...trackCondition(series, track, prefer), ...given];
        return conds.length === 1 ? (conds[0] as RawCondition) : { all: conds };
      });
      return parts.length === 1 ? parts : [{ any: parts }];
    });
    return { denominator: { all: denominator }, numerator: { all: [...denominator, ...complete] } };
  }

  const r = resolveSlot(schedule, measure.slot);
  const onTrack = trackCondition(r.series, r.track, prefer);
  if (measure.kind === 'timely') {
    const span = sumSpans(r.slot.age, r.slot.timely ?? schedule.rules.timely);
    const label = slotLabel(schedule, r);
    const denominator = [
      ...onTrack,
      ...reachedInYear(birthPlus(span, -1), {
        zh: `${label.zh}及时接种期限`,
        en: `end of the timely window of ${label.en}`,
      }),
    ];
    const inWindow = {
      events: {
        of: slotFilter(schedule, r),
        min: 1,
        window: { from: birthPlus(r.slot.age), to: birthPlus(span, -1) },
        label,
      },
    };
    return { denominator: { all: denominator }, numerator: { all: [...denominator, inWindow] } };
  }
  const label = slotLabel(schedule, r);
  const reach = reachLabel(r.slot.age);
  const limit = r.slot.maxAge ?? schedule.rules.catchUpBelow;
  const denominator = [
    ...onTrack,
    { dateIn: { date: birthPlus(r.slot.age), window: { from: 'birth', to: 'year-end' }, label: reach } },
    { dateIn: { date: birthPlus(r.slot.age), window: { from: 'birth', to: 'enrolment-end' }, label: reach } },
    {
      not: {
        events: {
          of: slotFilter(schedule, r),
          min: 1,
          window: { from: 'birth', to: yearStartMinusOne },
          label,
        },
      },
    },
    {
      not: {
        dateIn: {
          date: birthPlus(limit),
          window: { from: 'birth', to: 'year-start' },
          label: { zh: `满${ageText(limit).zh}不再补种`, en: `no catch-up from ${ageText(limit).en}` },
        },
      },
    },
  ];
  const vaccinated = { events: { of: slotFilter(schedule, r), min: 1, label } };
  return { denominator: { all: denominator }, numerator: { all: [...denominator, vaccinated] } };
}

/** One membership of a coverage rule set: a measure's numerator or denominator, to a data element. */
export interface CoverageMembership {
  element: string;
  name: Bilingual;
  measure: CoverageMeasure;
  role: 'numerator' | 'denominator';
  indicators?: string[];
}

/**
 * A resident programme rule set (plain data, for `parseRuleSet`) that counts the given measures
 * by year, at the clinic managing the child. Enrolment is the child's registration at a
 * vaccination clinic, from birth; transfers move it.
 */
export function coverageRuleSet(
  schedule: ImmunizationSchedule,
  memberships: readonly CoverageMembership[],
  options: CoverageOptions & { code?: string } = {}
): Record<string, unknown> {
  return {
    code: options.code ?? 'IMM',
    version: schedule.version,
    name: { zh: '预防接种', en: 'Immunization' },
    basis: schedule.basis,
    sources: schedule.sources,
    effectiveFrom: schedule.effectiveFrom,
    ...(schedule.effectiveTo ? { effectiveTo: schedule.effectiveTo } : {}),
    ...(schedule.region ? { region: schedule.region } : {}),
    unit: 'resident',
    enrolment: {
      endReasons: [
        { code: 'death', name: { zh: '死亡', en: 'Death' } },
        { code: 'moved-away', name: { zh: '迁出', en: 'Moved away' } },
        { code: 'transferred-out', name: { zh: '转出', en: 'Transferred out' } },
        { code: 'aged-out', name: { zh: '超出程序年龄', en: 'Aged out' } },
      ],
    },
    eventTypes: [vaccinationEventType(schedule)],
    memberships: memberships.map((m) => ({
      element: m.element,
      name: m.name,
      indicators: m.indicators ?? [],
      when: coverageConditions(schedule, m.measure, options)[m.role],
    })),
  };
}

/** The measures of every dose of the schedule, named as a report lists them. */
export function doseMeasures(schedule: ImmunizationSchedule): { slot: SlotRef; name: Bilingual }[] {
  return schedule.series.flatMap((series) =>
    series.tracks.flatMap((track) =>
      track.doses.map((slot) => {
        const v = vaccineOf(schedule, slot.vaccine);
        return {
          slot: { series: series.code, track: track.code, dose: slot.dose },
          name: { zh: `${v.name.zh}第${slot.dose}剂`, en: `${v.name.en} dose ${slot.dose}` },
        };
      })
    )
  );
}
