/**
 * The next contact each schedule item asks for, as of a given date (a parameter, never the
 * clock): the worklist of a family doctor and the "overdue" badge on a resident's card.
 */
import type { Bilingual } from '../errors';
import { addDays, addSpan, daysBetween, yearBounds, yearOf } from './dates';
import { eventTypeOf, filterEvents, resolveDate, type EvalContext } from './conditions';
import { testFields } from './fields';
import type { ProgrammeFactsInput, ServiceEvent } from './facts';
import type { RuleSet, ScheduleItem } from './schema';
import { covers, episodeUnits, normaliseFacts, residentUnit, spellOf, type CountingUnit } from './units';

export interface DueItem {
  /** Schedule item code. */
  item: string;
  name: Bilingual;
  /** Last day the contact is due; null when it cannot be placed yet (no anchor such as a delivery). */
  due: string | null;
  /** First day the contact counts (milestone windows, the year of a yearly contact). */
  windowStart: string | null;
  overdue: boolean;
  /** Days past `due` (0 when not overdue). */
  daysOverdue: number;
  /** Milestone due next, for milestone items. */
  milestone?: string;
  /** Milestones whose window passed without a contact. */
  missed: string[];
  lastEvent?: { id: string; date: string };
  basis: Bilingual;
}

export interface NextDue {
  /** Whether the resident is under management in this programme on `asOf`. */
  active: boolean;
  items: DueItem[];
}

/** Next due contact per schedule item on `asOf`; events after `asOf` are ignored. */
export function nextDue(ruleSet: RuleSet, input: ProgrammeFactsInput, asOf: string): NextDue {
  const facts = normaliseFacts(input);
  let unit: CountingUnit | undefined;
  let start = asOf;
  let end: string | null = null;
  if (ruleSet.unit === 'resident') {
    const all = residentUnit(facts);
    const seg = all.segments.filter((s) => covers(s, asOf)).at(-1);
    if (seg) {
      const spell = spellOf(all.segments, seg);
      start = spell.start;
      end = spell.end;
      unit = { ...all, events: all.events.filter((e) => e.date >= spell.start) };
    }
  } else {
    unit = episodeUnits(facts)
      .filter((u) => u.segments.some((s) => covers(s, asOf)))
      .sort((a, b) => ((a.segments[0]?.start ?? '') < (b.segments[0]?.start ?? '') ? -1 : 1))
      .at(-1);
    if (unit) start = unit.segments[0]?.start ?? asOf;
  }
  if (!unit) return { active: false, items: [] };
  const ctx: EvalContext = {
    ruleSet,
    resident: facts.resident,
    year: yearOf(asOf),
    unit: ruleSet.unit,
    segments: unit.segments,
    events: unit.events.filter((e) => e.date <= asOf),
    enrolmentStart: start,
    enrolmentEnd: end,
  };
  return { active: true, items: ruleSet.schedule.map((item) => dueFor(item, ctx, asOf)) };
}

function finish(base: Omit<DueItem, 'overdue' | 'daysOverdue'>, asOf: string): DueItem {
  const late = base.due === null ? 0 : daysBetween(base.due, asOf);
  return { ...base, overdue: late > 0, daysOverdue: Math.max(0, late) };
}

function dueFor(item: ScheduleItem, ctx: EvalContext, asOf: string): DueItem {
  const events = filterEvents(ctx, item.of);
  const last: ServiceEvent | undefined = events.at(-1);
  const lastEvent = last ? { lastEvent: { id: last.id, date: last.date } } : {};
  const head = { item: item.code, name: item.name, missed: [] as string[], ...lastEvent };
  switch (item.kind) {
    case 'interval': {
      if (!last) {
        return finish(
          {
            ...head,
            due: addDays(ctx.enrolmentStart, item.firstDueDays),
            windowStart: ctx.enrolmentStart,
            basis: {
              zh: `尚无记录：纳入管理（${ctx.enrolmentStart}）后 ${item.firstDueDays} 天内`,
              en: `None recorded yet: within ${item.firstDueDays} days of enrolment (${ctx.enrolmentStart})`,
            },
          },
          asOf
        );
      }
      const type = eventTypeOf(ctx.ruleSet, last.type);
      const rule =
        item.intervals.find(
          (r) => r.when === undefined || testFields(r.when, last, type, ctx.resident.birthDate).met
        ) ?? item.intervals[item.intervals.length - 1];
      const days = rule?.days ?? 0;
      const why = rule?.when ? testFields(rule.when, last, type, ctx.resident.birthDate) : undefined;
      return finish(
        {
          ...head,
          due: addDays(last.date, days),
          windowStart: addDays(last.date, 1),
          basis: {
            zh: `上次 ${last.date}${why ? `（${why.zh}）` : ''}，${days} 天内${rule?.reason ? `：${rule.reason.zh}` : ''}`,
            en: `Last on ${last.date}${why ? ` (${why.en})` : ''}; within ${days} days${rule?.reason ? `: ${rule.reason.en}` : ''}`,
          },
        },
        asOf
      );
    }
    case 'per-year': {
      const year = yearOf(asOf);
      const [first, lastDay] = yearBounds(year);
      const done = events.filter((e) => e.date >= first).length;
      if (done >= item.count) {
        const [nextFirst, nextLast] = yearBounds(year + 1);
        return finish(
          {
            ...head,
            due: nextLast,
            windowStart: nextFirst,
            basis: {
              zh: `${year}年已完成 ${done}/${item.count} 次，下次在 ${year + 1} 年`,
              en: `${done}/${item.count} done in ${year}; next in ${year + 1}`,
            },
          },
          asOf
        );
      }
      return finish(
        {
          ...head,
          due: lastDay,
          windowStart: first > ctx.enrolmentStart ? first : ctx.enrolmentStart,
          basis: {
            zh: `${year}年已完成 ${done}/${item.count} 次，年底前完成`,
            en: `${done}/${item.count} done in ${year}; due by the end of the year`,
          },
        },
        asOf
      );
    }
    case 'milestones':
      return milestoneDue(item, ctx, events, asOf, head);
  }
}

function milestoneDue(
  item: Extract<ScheduleItem, { kind: 'milestones' }>,
  ctx: EvalContext,
  events: ServiceEvent[],
  asOf: string,
  head: Pick<DueItem, 'item' | 'name' | 'missed' | 'lastEvent'>
): DueItem {
  const anchor = resolveDate(item.anchor, ctx);
  if (anchor === null) {
    return finish(
      {
        ...head,
        due: null,
        windowStart: null,
        basis: {
          zh: '尚无起算日期（如分娩、末次月经）',
          en: 'No anchor date yet (such as a delivery or LMP)',
        },
      },
      asOf
    );
  }
  const windows = item.milestones.map((m) => ({
    m,
    from: addSpan(anchor, m.from),
    to: addSpan(anchor, m.to),
  }));
  const missed: string[] = [];
  for (const [i, w] of windows.entries()) {
    const done = events.some((e) => e.date >= w.from && e.date <= w.to);
    if (done) continue;
    // A missed contact gives way to the next one once the next window opens.
    const next = windows[i + 1];
    if (next && asOf >= next.from) {
      missed.push(w.m.code);
      continue;
    }
    return finish(
      {
        ...head,
        missed,
        due: w.to,
        windowStart: w.from,
        milestone: w.m.code,
        basis: {
          zh: `${w.m.name.zh}：${w.from} 至 ${w.to}（自 ${anchor} 起算）`,
          en: `${w.m.name.en}: ${w.from} to ${w.to} (from ${anchor})`,
        },
      },
      asOf
    );
  }
  return finish(
    {
      ...head,
      missed,
      due: null,
      windowStart: null,
      basis: { zh: '本项各次均已完成或已过期', en: 'Every contact of this item is done or past' },
    },
    asOf
  );
}
