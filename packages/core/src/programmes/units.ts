/**
 * The counting units of a programme. A resident programme (hypertension) counts each
 * resident-year once, owned by the facility of the last enrolment segment that touches the year;
 * an episode programme (pregnancy) counts each episode once. This module clips segments at death,
 * groups them, and attributes events to units; it holds no rule.
 */
import { addDays, yearBounds } from './dates';
import type { EnrolmentSegment, ProgrammeFacts, ProgrammeFactsInput, ServiceEvent } from './facts';

/** Facts with defaults filled and lists sorted, so results never depend on input order. */
export function normaliseFacts(input: ProgrammeFactsInput): ProgrammeFacts {
  const resident = {
    birthDate: input.resident.birthDate,
    sex: input.resident.sex,
    deathDate: input.resident.deathDate ?? null,
    tags: [...(input.resident.tags ?? [])].sort(),
  };
  const enrolments: EnrolmentSegment[] = input.enrolments
    .map((s) => ({
      id: s.id,
      start: s.start,
      end: s.end ?? null,
      endReason: s.endReason ?? null,
      facility: s.facility,
      ...(s.episode !== undefined ? { episode: s.episode } : {}),
    }))
    .sort((a, b) => cmp(a.start, b.start) || cmp(a.id, b.id));
  const events: ServiceEvent[] = [...input.events].sort(compareEvents);
  return { resident, enrolments, events };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Order of events: by date, then id, so "the latest" is the same whatever order they came in. */
export function compareEvents(a: ServiceEvent, b: ServiceEvent): number {
  return cmp(a.date, b.date) || cmp(a.id, b.id);
}

/** A segment's effective span: its end, or the death date when earlier; null = still open. */
export interface Segment {
  id: string;
  start: string;
  end: string | null;
  facility: string;
  episode: string;
}

/** One unit the rules count: the resident as a whole, or one episode. */
export interface CountingUnit {
  /** Episode id, or undefined for the resident unit. */
  episode: string | undefined;
  segments: Segment[];
  events: ServiceEvent[];
}

/** Segments clipped at death (a segment starting after death is dropped). */
export function effectiveSegments(facts: ProgrammeFacts): Segment[] {
  const death = facts.resident.deathDate;
  const out: Segment[] = [];
  for (const s of facts.enrolments) {
    if (death !== null && death < s.start) continue;
    const end = death === null ? s.end : s.end === null || death < s.end ? death : s.end;
    out.push({ id: s.id, start: s.start, end, facility: s.facility, episode: s.episode ?? s.id });
  }
  return out;
}

/** Whether a date lies within a segment (both ends inclusive). */
export function covers(s: Segment, date: string): boolean {
  return s.start <= date && (s.end === null || date <= s.end);
}

/** The resident unit: every segment, and the events dated within one of them. */
export function residentUnit(facts: ProgrammeFacts): CountingUnit {
  const segments = effectiveSegments(facts);
  return {
    episode: undefined,
    segments,
    events: facts.events.filter((e) => segments.some((s) => covers(s, e.date))),
  };
}

/**
 * Episode units: segments grouped by episode; an event belongs to the episode it names, or, when
 * it names none, to the latest-starting episode whose span contains its date.
 */
export function episodeUnits(facts: ProgrammeFacts): CountingUnit[] {
  const segments = effectiveSegments(facts);
  const groups = new Map<string, Segment[]>();
  for (const s of segments) groups.set(s.episode, [...(groups.get(s.episode) ?? []), s]);
  const units = [...groups.entries()].map(([episode, segs]) => ({
    episode,
    segments: segs,
    events: [] as ServiceEvent[],
  }));
  const span = (u: CountingUnit): [string, string | null] => [
    u.segments[0]?.start ?? '9999-12-31',
    u.segments.some((s) => s.end === null)
      ? null
      : (u.segments
          .map((s) => s.end ?? '')
          .sort()
          .at(-1) ?? null),
  ];
  for (const e of facts.events) {
    let home: CountingUnit | undefined;
    if (e.episode !== undefined) {
      home = units.find((u) => u.episode === e.episode);
    } else {
      for (const u of units) {
        const [start, end] = span(u);
        if (start <= e.date && (end === null || e.date <= end) && (!home || span(home)[0] <= start)) home = u;
      }
    }
    home?.events.push(e);
  }
  return units;
}

/** Whether a segment touches a calendar year. */
export function touchesYear(s: Segment, year: number): boolean {
  const [first, last] = yearBounds(year);
  return s.start <= last && (s.end === null || s.end >= first);
}

/** The owning segment of a year: the last (by start) that touches it. */
export function ownerOfYear(segments: readonly Segment[], year: number): Segment | undefined {
  return segments.filter((s) => touchesYear(s, year)).at(-1);
}

/** Calendar months (1–12) of `year` during which any segment was open for at least a day. */
export function monthsUnderManagement(segments: readonly Segment[], year: number): number[] {
  const months: number[] = [];
  for (let m = 1; m <= 12; m++) {
    const first = `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`;
    const last = addDays(m === 12 ? `${String(year + 1).padStart(4, '0')}-01-01` : nextMonth(year, m), -1);
    if (segments.some((s) => s.start <= last && (s.end === null || s.end >= first))) months.push(m);
  }
  return months;
}

function nextMonth(year: number, m: number): string {
  return `${String(year).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}-01`;
}

/**
 * The spell containing `seg`: segments merged while no gap of more than a day separates them (a
 * transfer that ends one segment and opens the next the following day continues the management).
 */
export function spellOf(segments: readonly Segment[], seg: Segment): { start: string; end: string | null } {
  let spell: { start: string; end: string | null } | undefined;
  for (const s of segments) {
    if (spell && (spell.end === null || s.start <= addDays(spell.end, 1))) {
      spell.end = spell.end === null || s.end === null ? null : s.end > spell.end ? s.end : spell.end;
    } else {
      // Segments come sorted by start, so the spell just closed is the one holding `seg`.
      if (spell && seg.start < s.start) return spell;
      spell = { start: s.start, end: s.end };
    }
  }
  return spell ?? { start: seg.start, end: seg.end };
}
