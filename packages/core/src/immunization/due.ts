/**
 * The due list: every dose of the schedule for one child on a given day (`asOf`, a parameter —
 * nothing here reads the clock), with its due date and status. Definitions (see README):
 *
 * - due date: birth + the dose's age (the table's minimum age), moved later by every minimum
 *   interval after an earlier dose actually given, and by 28 days after an injectable live
 *   programme vaccine given on another day;
 * - given · not_yet_due (before the due date) · due (from the due date through the timely window,
 *   one month by default) · overdue (after that window) · catch_up (past the age by which the
 *   schedule says the dose should be complete: 补种) · not_needed (at or past the age after
 *   which it is no longer caught up, or replaced by a late-start course);
 * - alternatives: the first dose of a disease decides the series (JE live or inactivated, HepA
 *   live or inactivated); with none, the schedule's default or the caller's preference.
 * - planned date: for a dose not yet given, the earliest day it can be given if every earlier
 *   dose is given on its own planned day, and never before `asOf`: a late starter's plan.
 */
import { AppError, type Bilingual, type ErrorIssue } from '../errors';
import { addDays, addSpan, isIsoDate, maxDate } from '../programmes/dates';
import type { GivenDose } from './doses';
import type { DoseSlot, ImmunizationSchedule, VaccineSeries, SeriesTrack } from './schema';
import {
  ageText,
  completeBeforeOf,
  completeBeforeTextOf,
  defaultTrack,
  isLiveInjected,
  placements,
  spanText,
  sumSpans,
  vaccineOf,
  doseNumbersOf,
} from './vaccines';

export type DoseStatus = 'given' | 'due' | 'overdue' | 'catch_up' | 'not_yet_due' | 'not_needed';

/** One dose of the schedule for one child. */
export interface DueDose {
  series: string;
  /** The track (alternative) in use; the series code when there are none. */
  track: string;
  /** Code of the vaccine the schedule gives for this dose. */
  vaccine: string;
  /** Its name as the schedule writes it. */
  name: Bilingual;
  /** Dose number as the table numbers it (a late-start course counts the child's doses). */
  dose: number;
  /** Birth + the dose's age: the minimum and recommended date. */
  ageDate: string;
  dueDate: string;
  status: DoseStatus;
  givenDate: string | null;
  /** The vaccine actually given, when it is not the scheduled one (a combination, bOPV for IPV …). */
  givenAs: string | null;
  /** Given within the timely window after its age (及时); null when not given. */
  timely: boolean | null;
  /** Given before its due date (before the minimum age or interval); null when not given. */
  early: boolean | null;
  /** For a dose still to give: the earliest day it can be given, never before `asOf`. */
  plannedDate: string | null;
  /** Last day of the age by which the schedule says the dose should be complete. */
  completeBy: string | null;
  /** A dose of a late-start course (DT for a child of 6 or more with fewer than 3 doses). */
  lateCourse: boolean;
  reason: Bilingual;
}

export interface DueList {
  doses: DueDose[];
  /** Given doses the schedule has no place for: non-programme vaccines, the other track's, repeats. */
  unplaced: { dose: GivenDose; reason: Bilingual }[];
  /** The track of each series with alternatives, and the dose that decided it (null: default). */
  tracks: { series: string; track: string; decidedBy: GivenDose | null }[];
}

export interface DueOptions {
  /** Track codes to use when a child has no dose of the series yet (JE-I, HepA-I). */
  prefer?: readonly string[];
}

interface Cause {
  zh: string;
  en: string;
}

/**
 * Every dose of the schedule for a child on `asOf`.
 * @throws AppError VALIDATION_FAILED for a bad date, a dose before birth or after `asOf`, an
 *   unknown vaccine or a dose number the schedule does not have — naming the item
 */
export function dueList(
  schedule: ImmunizationSchedule,
  child: { birthDate: string },
  given: readonly GivenDose[],
  asOf: string,
  options: DueOptions = {}
): DueList {
  validate(schedule, child.birthDate, given, asOf);
  const birth = child.birthDate;
  // Date order decides "the first dose"; the input order breaks ties, so results are stable.
  const sorted = given
    .map((g, i) => ({ g, i }))
    .sort((a, b) => (a.g.date < b.g.date ? -1 : a.g.date > b.g.date ? 1 : a.i - b.i))
    .map((x) => x.g);

  const chosen = new Map<string, SeriesTrack>();
  const tracks: DueList['tracks'] = [];
  for (const series of schedule.series) {
    if (series.tracks.length === 1) {
      chosen.set(series.code, series.tracks[0] as SeriesTrack);
      continue;
    }
    let decidedBy: GivenDose | null = null;
    let track: SeriesTrack | undefined;
    for (const g of sorted) {
      const p = placements(schedule, g.vaccine, g.dose).find((x) => x.series === series);
      if (p) {
        decidedBy = g;
        track = p.track;
        break;
      }
    }
    track ??= defaultTrack(series, options.prefer);
    chosen.set(series.code, track);
    tracks.push({ series: series.code, track: track.code, decidedBy });
  }

  const filled = new Map<DoseSlot, GivenDose>();
  const unplaced: DueList['unplaced'] = [];
  for (const g of sorted) {
    const ps = placements(schedule, g.vaccine, g.dose);
    const v = vaccineOf(schedule, g.vaccine);
    if (ps.length === 0) {
      unplaced.push({
        dose: g,
        reason: {
          zh: `${v.name.zh}不在免疫规划程序中，仅作记录`,
          en: `${v.name.en} is outside the programme; recorded only`,
        },
      });
      continue;
    }
    let used = false;
    let otherTrack: SeriesTrack | undefined;
    for (const p of ps) {
      if (chosen.get(p.series.code) !== p.track) {
        otherTrack = chosen.get(p.series.code);
        continue;
      }
      if (!filled.has(p.slot)) {
        filled.set(p.slot, g);
        used = true;
      }
    }
    if (!used) {
      unplaced.push({
        dose: g,
        reason:
          otherTrack !== undefined
            ? {
                zh: `该儿童按首剂采用${trackName(schedule, otherTrack).zh}程序，此剂不计入`,
                en: `The first dose put this child on the ${trackName(schedule, otherTrack).en} series; this dose does not count`,
              }
            : {
                zh: `第${g.dose}剂已有更早的接种记录，此剂为重复接种`,
                en: `Dose ${g.dose} was already given earlier; this is a repeat`,
              },
      });
    }
  }

  const liveDates = sorted.filter((g) => isLiveInjected(vaccineOf(schedule, g.vaccine))).map((g) => g.date);
  const doses: DueDose[] = [];
  for (const series of schedule.series) {
    const track = chosen.get(series.code) as SeriesTrack;
    const items: DueDose[] = [];
    const planned = new Map<number, string>();
    for (const slot of track.doses) {
      const item = assess(schedule, series, track, slot, birth, asOf, filled, items, planned, liveDates);
      items.push(item);
      if (item.plannedDate !== null) planned.set(slot.dose, item.plannedDate);
    }
    // The course may turn routine doses into not_needed, so it runs before they are listed.
    const course = lateCourse(schedule, series, track, birth, asOf, filled, items);
    doses.push(...items, ...course);
  }
  return { doses, unplaced, tracks };
}

function trackName(schedule: ImmunizationSchedule, track: SeriesTrack): Bilingual {
  return vaccineOf(schedule, track.doses[0]?.vaccine ?? track.code).name;
}

function assess(
  schedule: ImmunizationSchedule,
  series: VaccineSeries,
  track: SeriesTrack,
  slot: DoseSlot,
  birth: string,
  asOf: string,
  filled: Map<DoseSlot, GivenDose>,
  earlier: readonly DueDose[],
  planned: Map<number, string>,
  liveDates: readonly string[]
): DueDose {
  const rules = schedule.rules;
  const scheduled = vaccineOf(schedule, slot.vaccine);
  const g = filled.get(slot);
  const ageDate = addSpan(birth, slot.age);
  const agedOut = earlier.some((d) => d.status === 'not_needed');
  let base = ageDate;
  let cause: Cause = {
    zh: `${ageText(slot.age).zh}（${ageDate}）`,
    en: `${ageText(slot.age).en} (${ageDate})`,
  };
  if (slot.catchUpFrom && agedOut && g === undefined) {
    base = addSpan(birth, slot.catchUpFrom);
    cause = {
      zh: `前面剂次已不再补种，满${ageText(slot.catchUpFrom).zh}可接种`,
      en: `earlier doses are no longer given; from ${ageText(slot.catchUpFrom).en}`,
    };
  }
  let due = base;
  let plan = maxDate(base, asOf);
  for (const iv of slot.after) {
    const ref = track.doses.find((d) => d.dose === iv.dose);
    const refGiven = ref ? filled.get(ref) : undefined;
    if (refGiven && (g === undefined || refGiven.date <= g.date)) {
      const at = addSpan(refGiven.date, iv.min);
      if (at > due) {
        due = at;
        cause = {
          zh: `第${iv.dose}剂后${spanText(iv.min).zh}`,
          en: `${spanText(iv.min).en} after dose ${iv.dose}`,
        };
      }
      plan = maxDate(plan, at);
    } else if (!refGiven && planned.has(iv.dose)) {
      plan = maxDate(plan, addSpan(planned.get(iv.dose) as string, iv.min));
    }
  }
  const product = g ? vaccineOf(schedule, g.vaccine) : scheduled;
  if (isLiveInjected(product)) {
    const before = g?.date ?? asOf;
    for (const d of liveDates) {
      if (d >= before) continue;
      const at = addSpan(d, rules.liveInjectedInterval);
      if (at > due) {
        due = at;
        cause = {
          zh: `与${d}接种的注射类减毒活疫苗间隔${spanText(rules.liveInjectedInterval).zh}`,
          en: `${spanText(rules.liveInjectedInterval).en} after the injectable live vaccine given on ${d}`,
        };
      }
      plan = maxDate(plan, at);
    }
  }

  const cb = completeBeforeOf(track, slot);
  const completeBefore = cb ? addSpan(birth, cb) : null;
  const timelySpan = slot.timely ?? rules.timely;
  const timelyEnd = addDays(addSpan(birth, sumSpans(slot.age, timelySpan)), -1);
  const base0 = {
    series: series.code,
    track: track.code,
    vaccine: slot.vaccine,
    name: scheduled.name,
    dose: slot.dose,
    ageDate,
    dueDate: due,
    completeBy: completeBefore === null ? null : addDays(completeBefore, -1),
    lateCourse: false,
  };

  if (g) {
    const timely = g.date >= ageDate && g.date <= timelyEnd;
    const early = g.date < due;
    const as = g.vaccine !== slot.vaccine ? vaccineOf(schedule, g.vaccine) : null;
    return {
      ...base0,
      status: 'given',
      givenDate: g.date,
      givenAs: as ? as.code : null,
      timely,
      early,
      plannedDate: null,
      reason: {
        zh: `${g.date} 已接种${as ? `（${as.name.zh}）` : ''}${timely ? '，及时' : ''}${early ? `；早于可接种日期 ${due}（${cause.zh}）` : ''}`,
        en: `given on ${g.date}${as ? ` (${as.name.en})` : ''}${timely ? ', on time' : ''}${early ? `; before its due date ${due} (${cause.en})` : ''}`,
      },
    };
  }

  const limitAge = slot.maxAge ?? rules.catchUpBelow;
  const limit = addSpan(birth, limitAge);
  const open = { givenDate: null, givenAs: null, timely: null, early: null };
  if (maxDate(plan, due) >= limit) {
    return {
      ...base0,
      ...open,
      status: 'not_needed',
      plannedDate: null,
      reason: {
        zh: `满${ageText(limitAge).zh}（${limit}）起不再补种`,
        en: `not caught up at or after ${ageText(limitAge).en} (${limit})`,
      },
    };
  }
  const windowEnd = maxDate(timelyEnd, addDays(addSpan(due, timelySpan), -1));
  const notes = slot.notes.filter((n) => asOf >= addSpan(birth, n.fromAge));
  const noteZh = notes.map((n) => `；${n.zh}`).join('');
  const noteEn = notes.map((n) => `; ${n.en}`).join('');
  let status: DoseStatus;
  let reason: Bilingual;
  if (asOf < due) {
    status = 'not_yet_due';
    reason = { zh: `${due} 起可接种（${cause.zh}）`, en: `due from ${due} (${cause.en})` };
  } else if (completeBefore !== null && asOf >= completeBefore && cb) {
    status = 'catch_up';
    const limitText = completeBeforeTextOf(track, slot) ?? {
      zh: `${ageText(cb).zh}前`,
      en: `before ${ageText(cb).en}`,
    };
    reason = {
      zh: `需补种：程序要求${limitText.zh}（${completeBefore} 之前）完成${noteZh}`,
      en: `catch-up: should have been complete ${limitText.en} (before ${completeBefore})${noteEn}`,
    };
  } else if (asOf > windowEnd) {
    status = 'overdue';
    reason = { zh: `逾期：最迟应于 ${windowEnd} 接种${noteZh}`, en: `overdue: due by ${windowEnd}${noteEn}` };
  } else {
    status = 'due';
    reason = {
      zh: `应接种，最迟 ${windowEnd}（${cause.zh}）${noteZh}`,
      en: `due by ${windowEnd} (${cause.en})${noteEn}`,
    };
  }
  return { ...base0, ...open, status, plannedDate: plan, reason };
}

/**
 * A late-start course (DTP: from 6 years, fewer than 3 doses before then → DT up to 3 doses).
 * The remaining routine doses of the series give way to it.
 */
function lateCourse(
  schedule: ImmunizationSchedule,
  series: VaccineSeries,
  track: SeriesTrack,
  birth: string,
  asOf: string,
  filled: Map<DoseSlot, GivenDose>,
  items: DueDose[]
): DueDose[] {
  const late = series.lateCourse;
  if (!late) return [];
  const from = addSpan(birth, late.fromAge);
  const givenDates = track.doses
    .map((s) => filled.get(s)?.date)
    .filter((d): d is string => d !== undefined)
    .sort();
  if (asOf < from || givenDates.filter((d) => d < from).length >= late.total) return [];
  const v = vaccineOf(schedule, late.vaccine);
  for (const [k, item] of items.entries()) {
    if (item.status === 'given') continue;
    items[k] = {
      ...item,
      status: 'not_needed',
      plannedDate: null,
      reason: {
        zh: `满${ageText(late.fromAge).zh}时不足${late.total}剂，改用${v.name.zh}补齐${late.total}剂`,
        en: `fewer than ${late.total} doses by ${ageText(late.fromAge).en}: completed with ${v.name.en} to ${late.total} doses instead`,
      },
    };
  }
  const limit = addSpan(birth, schedule.rules.catchUpBelow);
  const out: DueDose[] = [];
  let prevGiven = givenDates.at(-1) ?? null;
  let prevPlan: string | null = null;
  for (let k = givenDates.length + 1; k <= late.total; k++) {
    const iv = late.after.find((a) => a.dose === k);
    let due = from;
    let cause: Cause = {
      zh: `满${ageText(late.fromAge).zh}补种`,
      en: `catch-up from ${ageText(late.fromAge).en}`,
    };
    if (prevGiven !== null && iv) {
      const at = addSpan(prevGiven, iv.min);
      if (at > due) {
        due = at;
        cause = {
          zh: `第${k - 1}剂后${spanText(iv.min).zh}`,
          en: `${spanText(iv.min).en} after dose ${k - 1}`,
        };
      }
    }
    let plan = maxDate(due, asOf);
    if (prevPlan !== null && iv) plan = maxDate(plan, addSpan(prevPlan, iv.min));
    const base = {
      series: series.code,
      track: track.code,
      vaccine: v.code,
      name: v.name,
      dose: k,
      ageDate: from,
      dueDate: due,
      givenDate: null,
      givenAs: null,
      timely: null,
      early: null,
      completeBy: null,
      lateCourse: true,
    };
    if (plan >= limit) {
      out.push({
        ...base,
        status: 'not_needed',
        plannedDate: null,
        reason: {
          zh: `满${ageText(schedule.rules.catchUpBelow).zh}起不再补种`,
          en: `not caught up at or after ${ageText(schedule.rules.catchUpBelow).en}`,
        },
      });
    } else if (asOf < due) {
      out.push({
        ...base,
        status: 'not_yet_due',
        plannedDate: plan,
        reason: { zh: `${due} 起可补种（${cause.zh}）`, en: `catch-up from ${due} (${cause.en})` },
      });
    } else {
      out.push({
        ...base,
        status: 'catch_up',
        plannedDate: plan,
        reason: { zh: `需补种${v.name.zh}（${cause.zh}）`, en: `catch-up with ${v.name.en} (${cause.en})` },
      });
    }
    prevGiven = null;
    prevPlan = plan;
  }
  return out;
}

function validate(
  schedule: ImmunizationSchedule,
  birth: string,
  given: readonly GivenDose[],
  asOf: string
): void {
  const issues: ErrorIssue[] = [];
  const bad = (field: string, value: unknown, zh: string, en: string): void => {
    issues.push({ field, value, message: { zh, en } });
  };
  if (!isIsoDate(birth)) bad('birthDate', birth, `出生日期无效：${birth}`, `Not a date of birth: ${birth}`);
  if (!isIsoDate(asOf)) bad('asOf', asOf, `截止日期无效：${asOf}`, `Not a date: ${asOf}`);
  else if (isIsoDate(birth) && asOf < birth) {
    bad(
      'asOf',
      asOf,
      `截止日期 ${asOf} 早于出生日期 ${birth}`,
      `The as-of date ${asOf} is before birth (${birth})`
    );
  }
  given.forEach((g, i) => {
    const n = i + 1;
    const v = schedule.vaccines.find((x) => x.code === g.vaccine);
    const label = `${v?.name.zh ?? g.vaccine}:${g.dose}:${g.date}`;
    if (!v) {
      bad(
        `given[${n}].vaccine`,
        g.vaccine,
        `第 ${n} 项：未知疫苗 ${g.vaccine}`,
        `item ${n}: unknown vaccine ${g.vaccine}`
      );
    } else if (v.programme && placements(schedule, v.code, g.dose).length === 0) {
      const numbers = doseNumbersOf(schedule, v.code).join('、');
      bad(
        `given[${n}].dose`,
        g.dose,
        `第 ${n} 项“${label}”：${v.name.zh}没有第${g.dose}剂（程序表中为第${numbers}剂）`,
        `item ${n} "${label}": ${v.name.en} has no dose ${g.dose} (the table numbers it ${numbers.replaceAll('、', ', ')})`
      );
    }
    if (!isIsoDate(g.date)) {
      bad(`given[${n}].date`, g.date, `第 ${n} 项：日期无效 ${g.date}`, `item ${n}: not a date ${g.date}`);
    } else if (isIsoDate(birth) && g.date < birth) {
      bad(
        `given[${n}].date`,
        g.date,
        `第 ${n} 项“${label}”：接种日期早于出生日期 ${birth}`,
        `item ${n} "${label}": given before birth (${birth})`
      );
    } else if (isIsoDate(asOf) && g.date > asOf) {
      bad(
        `given[${n}].date`,
        g.date,
        `第 ${n} 项“${label}”：接种日期晚于截止日期 ${asOf}`,
        `item ${n} "${label}": given after the as-of date ${asOf}`
      );
    }
  });
  if (issues.length > 0) {
    const first = issues[0]?.message ?? { zh: '', en: '' };
    throw new AppError(
      'VALIDATION_FAILED',
      { zh: `无法计算接种计划：${first.zh}`, en: `Cannot compute the schedule: ${first.en}` },
      issues
    );
  }
}
