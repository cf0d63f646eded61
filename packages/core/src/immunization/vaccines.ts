/**
 * Finding vaccines and doses in a schedule: a name as a clinic writes it (乙肝疫苗, HepB, hepb,
 * ＨｅｐＢ, 重组乙型肝炎疫苗) leads to one vaccine; a (vaccine, dose) pair leads to the places in
 * the schedule it fills — a slot of a series, or, for a combination vaccine, one slot in each
 * series it counts for.
 */
import { addSpan } from '../programmes/dates';
import type { AgeSpan, DoseSlot, ImmunizationSchedule, VaccineSeries, SeriesTrack, Vaccine } from './schema';

/** The form names are compared in: NFKC (full-width → half-width), no spaces, lower case. */
export function nameKey(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/** The vaccine code as an option code of the programme engine's `vaccine` field (hepb, je-l). */
export function eventCode(code: string): string {
  return code.toLowerCase();
}

/** The vaccine a name, code or alias denotes, or undefined. */
export function findVaccine(schedule: ImmunizationSchedule, text: string): Vaccine | undefined {
  const key = nameKey(text);
  return schedule.vaccines.find(
    (v) =>
      nameKey(v.code) === key ||
      nameKey(v.name.zh) === key ||
      nameKey(v.name.en) === key ||
      v.aliases.some((a) => nameKey(a) === key)
  );
}

/** The vaccine with a code; throws on a code the loader would have refused. */
export function vaccineOf(schedule: ImmunizationSchedule, code: string): Vaccine {
  const v = schedule.vaccines.find((x) => x.code === code);
  if (!v) throw new Error(`schedule ${schedule.code} has no vaccine ${code}`);
  return v;
}

/** Vaccines that fill a slot: its own, those it also accepts, and combinations counting for the series. */
export function slotVaccines(
  schedule: ImmunizationSchedule,
  series: VaccineSeries,
  slot: DoseSlot
): string[] {
  const combos = schedule.vaccines.filter((v) => v.counts.includes(series.code)).map((v) => v.code);
  return [...new Set([slot.vaccine, ...slot.alsoAccepts, ...combos])];
}

/** The vaccines of a track (what its first dose may be). */
export function trackVaccines(track: SeriesTrack): string[] {
  return [...new Set(track.doses.flatMap((d) => [d.vaccine, ...d.alsoAccepts]))];
}

/** Where a dose fits: a series, a track of it, and the slot with its number. */
export interface Placement {
  series: VaccineSeries;
  track: SeriesTrack;
  slot: DoseSlot;
}

/** Every slot a (vaccine, dose number) pair fills; empty when it fills none. */
export function placements(schedule: ImmunizationSchedule, vaccine: string, dose: number): Placement[] {
  const v = schedule.vaccines.find((x) => x.code === vaccine);
  const out: Placement[] = [];
  for (const series of schedule.series) {
    for (const track of series.tracks) {
      for (const slot of track.doses) {
        if (slot.dose !== dose) continue;
        if (
          slot.vaccine === vaccine ||
          slot.alsoAccepts.includes(vaccine) ||
          v?.counts.includes(series.code)
        ) {
          out.push({ series, track, slot });
        }
      }
    }
  }
  return out;
}

/** The dose numbers a vaccine may be given as, for messages ("doses 3, 4"). */
export function doseNumbersOf(schedule: ImmunizationSchedule, vaccine: string): number[] {
  const v = schedule.vaccines.find((x) => x.code === vaccine);
  const numbers = new Set<number>();
  for (const series of schedule.series) {
    for (const track of series.tracks) {
      for (const slot of track.doses) {
        if (
          slot.vaccine === vaccine ||
          slot.alsoAccepts.includes(vaccine) ||
          v?.counts.includes(series.code)
        ) {
          numbers.add(slot.dose);
        }
      }
    }
  }
  return [...numbers].sort((a, b) => a - b);
}

/** The age before which a slot should be complete: its own, else the next later dose's of the track. */
export function completeBeforeOf(track: SeriesTrack, slot: DoseSlot): AgeSpan | undefined {
  const k = track.doses.indexOf(slot);
  return track.doses.slice(k).find((d) => d.completeBefore !== undefined)?.completeBefore;
}

/** The wording of that age, when the schedule gives one (出生后24小时内). */
export function completeBeforeTextOf(
  track: SeriesTrack,
  slot: DoseSlot
): { zh: string; en: string } | undefined {
  const k = track.doses.indexOf(slot);
  return track.doses.slice(k).find((d) => d.completeBefore !== undefined)?.completeBeforeText;
}

/** The default track of a series, or the one a preference names. */
export function defaultTrack(series: VaccineSeries, prefer: readonly string[] = []): SeriesTrack {
  const preferred = series.tracks.find((t) => prefer.includes(t.code));
  const track = preferred ?? series.tracks.find((t) => t.default) ?? series.tracks[0];
  if (!track) throw new Error(`series ${series.code} has no track`);
  return track;
}

/** Whether a vaccine is an injectable live programme vaccine (the 28-day rule). */
export function isLiveInjected(v: Vaccine): boolean {
  return v.programme && v.live && v.route !== 'oral' && v.route !== 'intranasal';
}

/** Spans compared by the dates they reach from one fixed day (ages in the schedule are whole days, months, years). */
export function spanAtMost(a: AgeSpan, b: AgeSpan): boolean {
  return addSpan('2001-01-01', a) <= addSpan('2001-01-01', b);
}

/** Two spans added part by part ("8 months" + "1 month" = "9 months", not 8 months then 1 month). */
export function sumSpans(a: AgeSpan, b: AgeSpan): AgeSpan {
  return {
    years: (a.years ?? 0) + (b.years ?? 0),
    months: (a.months ?? 0) + (b.months ?? 0),
    weeks: (a.weeks ?? 0) + (b.weeks ?? 0),
    days: (a.days ?? 0) + (b.days ?? 0),
  };
}

/** A span in words: "28天" / "28 days", "4个月" / "4 months", "3年" / "3 years". */
export function spanText(s: AgeSpan): { zh: string; en: string } {
  const parts: [number | undefined, string, string][] = [
    [s.years, '年', 'year'],
    [s.months, '个月', 'month'],
    [s.weeks, '周', 'week'],
    [s.days, '天', 'day'],
  ];
  const used = parts.filter(([n]) => n !== undefined && n !== 0) as [number, string, string][];
  if (used.length === 0) return { zh: '0天', en: '0 days' };
  return {
    zh: used.map(([n, zh]) => `${n}${zh}`).join(''),
    en: used.map(([n, , en]) => `${n} ${en}${n === 1 ? '' : 's'}`).join(' '),
  };
}

/** An age in words as the table heads its columns: 出生时, 1月龄, 18月龄, 2岁. */
export function ageText(s: AgeSpan): { zh: string; en: string } {
  const { years = 0, months = 0, weeks = 0, days = 0 } = s;
  if (years === 0 && months === 0 && weeks === 0 && days === 0) return { zh: '出生时', en: 'at birth' };
  if (weeks === 0 && days === 0 && months === 0) return { zh: `${years}岁`, en: `${years} years` };
  if (weeks === 0 && days === 0 && years === 0) return { zh: `${months}月龄`, en: `${months} months` };
  return spanText(s);
}
