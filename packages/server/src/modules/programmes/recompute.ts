/**
 * The one path by which a resident's programme counts change: inside the caller's transaction,
 * lock the resident, build the facts from the tables, assess every year through the current one,
 * compare with the stored memberships, store the new ones, apply the ±1 differences to the data
 * values (rolled up at once) and keep the next due contact. Incremental and recount meet here:
 * the recount (`verify.ts`) calls the same `factsOf` and `assessAll`.
 */
import {
  assessAll,
  membershipDeltas,
  nextDue,
  ruleSetFor,
  tallyMemberships,
  type FieldValue,
  type Membership,
  type MembershipDelta,
  type ProgrammeFactsInput,
} from '@weijian/core';
import type { Db } from '../../db/connection';
import type { ProgrammeDue } from '@weijian/core';
import { applyDeltas, type CountDelta } from '../data';
import { chinaDay } from '../orgunits';
import {
  enrolmentsOf,
  eventsOf,
  lockResidents,
  membershipsOf,
  replaceMemberships,
  setDue,
  storedProgrammes,
  type EnrolmentRow,
  type EventRow,
  type ResidentRow,
} from './repository';
import { resolverForResident, ruleSets } from './rule-sets';

/** Who acts, and when (the injected clock). */
export interface Principal {
  actor: string;
  at: Date;
}

/** The id a segment has in the facts (stable across merges: the row id). */
export const segmentKey = (id: number): string => `e${String(id).padStart(10, '0')}`;
/** The id an event has in the facts: zero-padded so that "the later id" sorts last. */
export const eventKey = (id: number): string => `v${String(id).padStart(10, '0')}`;

/**
 * The facts of one resident in one programme, or null when the resident has none (merged away,
 * sex unknown, never enrolled).
 */
export function factsOf(
  resident: ResidentRow,
  enrolments: readonly EnrolmentRow[],
  events: readonly EventRow[]
): ProgrammeFactsInput | null {
  if (resident.status === 'merged' || resident.sex === 'U' || enrolments.length === 0) return null;
  return {
    resident: {
      birthDate: resident.birthDate,
      sex: resident.sex,
      deathDate: resident.deathDate,
      tags: resident.tags,
    },
    enrolments: enrolments.map((e) => ({
      id: segmentKey(e.id),
      start: e.start,
      end: e.end,
      endReason: e.endReason,
      facility: e.ownerUnit,
      ...(e.episode !== null ? { episode: e.episode } : {}),
    })),
    events: events
      .filter((e) => !e.voided)
      .map((e) => ({
        id: eventKey(e.id),
        type: e.type,
        date: e.date,
        fields: e.fields as Record<string, FieldValue>,
        facility: e.facility,
        ...(e.episode !== null ? { episode: e.episode } : {}),
      })),
  };
}

/** The memberships of one resident in one programme through `throughYear`, by the rules. */
export function assessResident(
  programme: string,
  resident: ResidentRow,
  enrolments: readonly EnrolmentRow[],
  events: readonly EventRow[],
  throughYear: number
): Membership[] {
  const facts = factsOf(resident, enrolments, events);
  return facts ? assessAll(resolverForResident(programme, resident.homeUnit), facts, throughYear) : [];
}

/** The next due contact of one resident in one programme on `today`. */
export function dueOf(
  programme: string,
  resident: ResidentRow,
  enrolments: readonly EnrolmentRow[],
  events: readonly EventRow[],
  today: string
): ProgrammeDue {
  const facts = factsOf(resident, enrolments, events);
  const rs = ruleSetFor(ruleSets(), programme, resident.homeUnit, today);
  if (!facts || !rs) return { programme, active: false, items: [] };
  return { programme, ...nextDue(rs, facts, today) };
}

/** What a recompute changed for one resident and programme. */
export interface ResidentChange {
  residentId: number;
  programme: string;
  deltas: MembershipDelta[];
  due: ProgrammeDue;
}

/**
 * Recompute residents in every programme they hold anything in, inside the caller's transaction
 * (the residents' rows are locked first). Applies the count changes to the data values.
 */
export async function recomputeResidents(
  tx: Db,
  residentIds: readonly number[],
  principal: Principal
): Promise<ResidentChange[]> {
  const residents = await lockResidents(tx, [...new Set(residentIds)]);
  const ids = residents.map((r) => r.id);
  const enrolments = await enrolmentsOf(tx, ids);
  const events = await eventsOf(tx, ids);
  const today = chinaDay(principal.at);
  const year = Number(today.slice(0, 4));
  const out: ResidentChange[] = [];
  const counts: CountDelta[] = [];
  for (const r of residents) {
    const stored = await membershipsOf(tx, r.id);
    const mine = enrolments.filter((e) => e.residentId === r.id);
    const myEvents = events.filter((e) => e.residentId === r.id);
    const programmes = new Set([...mine.map((e) => e.programme), ...(await storedProgrammes(tx, r.id))]);
    for (const p of [...programmes].sort()) {
      const segs = mine.filter((e) => e.programme === p);
      const evs = myEvents.filter((e) => e.programme === p);
      const before = stored
        .filter((m) => m.programme === p)
        .flatMap((m) =>
          Array.from({ length: m.n }, () => ({ element: m.element, orgUnit: m.orgUnit, period: m.period }))
        );
      const after = assessResident(p, r, segs, evs, year);
      const deltas = membershipDeltas(before, after);
      if (deltas.length > 0) {
        await replaceMemberships(
          tx,
          r.id,
          p,
          [...tallyMemberships(after).values()].map((t) => ({ ...t, n: t.change }))
        );
        counts.push(...deltas.map((d) => ({ ...d, delta: d.change, synthetic: r.synthetic })));
      }
      const due = dueOf(p, r, segs, evs, today);
      await setDue(tx, r.id, p, dueRow(due, segs, today, r.synthetic));
      out.push({ residentId: r.id, programme: p, deltas, due });
    }
  }
  await applyDeltas(tx, principal, counts, 'registry');
  return out;
}

/** The earliest placed item of a due list, as the worklist stores it; null when nothing is due. */
function dueRow(due: ProgrammeDue, segs: readonly EnrolmentRow[], today: string, synthetic: boolean) {
  if (!due.active) return null;
  const first = due.items
    .filter((i): i is typeof i & { due: string } => i.due !== null)
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0))[0];
  const owner = segs.filter((s) => s.start <= today && (s.end === null || s.end >= today)).at(-1);
  if (!first || !owner) return null;
  return {
    item: first.item,
    nameZh: first.name.zh,
    nameEn: first.name.en,
    dueDate: first.due,
    ownerUnit: owner.ownerUnit,
    synthetic,
    computedOn: today,
  };
}
