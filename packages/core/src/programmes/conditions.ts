/**
 * Evaluates the condition language on one counting unit in one year, returning an explanation
 * tree rather than a bare boolean: the explanation drawer shows it, and tests read it.
 */
import type { Bilingual } from '../errors';
import { addSpan, ageInMonths, ageInYears, yearBounds } from './dates';
import { testFields, type RuleExplanation } from './fields';
import type { ResidentFacts, ServiceEvent } from './facts';
import type {
  RuleCondition,
  DatePoint,
  DateIn,
  DateRef,
  EventCount,
  EventFilter,
  EventTypeDef,
  RuleSet,
  EventWindow,
} from './schema';
import { covers, monthsUnderManagement, type Segment } from './units';

/** Everything a condition may read about one unit in one year. */
export interface EvalContext {
  ruleSet: RuleSet;
  resident: ResidentFacts;
  year: number;
  unit: 'resident' | 'episode';
  /** Effective segments of the unit (clipped at death), sorted by start. */
  segments: Segment[];
  /** Events of the unit, sorted by date then id. */
  events: ServiceEvent[];
  /** Start and end of the spell (resident) or episode; null end = still open. */
  enrolmentStart: string;
  enrolmentEnd: string | null;
}

/** Event types by code. */
export function eventTypeOf(ruleSet: RuleSet, code: string): EventTypeDef | undefined {
  return ruleSet.eventTypes.find((t) => t.code === code);
}

/** Events of the unit that pass a filter (type and field test). */
export function filterEvents(ctx: EvalContext, filter: EventFilter, events = ctx.events): ServiceEvent[] {
  return events.filter(
    (e) =>
      filter.type.includes(e.type) &&
      (filter.where === undefined ||
        testFields(filter.where, e, eventTypeOf(ctx.ruleSet, e.type), ctx.resident.birthDate).met)
  );
}

/** Resolve a date reference; null when it names an event that did not happen or an open end. */
export function resolveDate(ref: DateRef, ctx: EvalContext): string | null {
  let base: string | null;
  if (ref.kind === 'at') {
    const [first, last] = yearBounds(ctx.year);
    base =
      ref.at === 'year-start'
        ? first
        : ref.at === 'year-end'
          ? last
          : ref.at === 'enrolment-start'
            ? ctx.enrolmentStart
            : ref.at === 'enrolment-end'
              ? ctx.enrolmentEnd
              : ctx.resident.birthDate;
  } else {
    const matching = ctx.events.filter((e) => ref.event.includes(e.type));
    const picked = ref.which === 'first' ? matching[0] : matching.at(-1);
    const raw =
      picked === undefined ? null : ref.field === undefined ? picked.date : picked.fields[ref.field];
    base = typeof raw === 'string' ? raw : null;
  }
  return base === null ? null : ref.plus ? addSpan(base, ref.plus) : base;
}

function describeRef(ref: DateRef, ctx: EvalContext): Bilingual {
  if (ref.kind === 'at') {
    const names: Record<DatePoint, Bilingual> = {
      'year-start': { zh: '年初', en: 'the start of the year' },
      'year-end': { zh: '年末', en: 'the end of the year' },
      'enrolment-start': { zh: '纳入管理', en: 'enrolment' },
      'enrolment-end': { zh: '结束管理', en: 'the end of management' },
      birth: { zh: '出生', en: 'birth' },
    };
    return names[ref.at];
  }
  const t = eventTypeOf(ctx.ruleSet, ref.event[0] ?? '');
  return { zh: t?.name.zh ?? ref.event.join('/'), en: t?.name.en ?? ref.event.join('/') };
}

/** The inclusive date bounds of a window; `missing` names a reference that could not resolve. */
export function windowBounds(
  window: EventWindow | undefined,
  ctx: EvalContext
): { from: string | null; to: string | null; missing?: Bilingual } {
  const [first, last] = yearBounds(ctx.year);
  const defaults =
    ctx.unit === 'resident' ? { from: first, to: last } : { from: ctx.enrolmentStart, to: null };
  let from: string | null = defaults.from;
  let to: string | null = defaults.to;
  if (window?.from) {
    from = resolveDate(window.from, ctx);
    if (from === null) return { from, to, missing: describeRef(window.from, ctx) };
  }
  if (window?.to) {
    to = resolveDate(window.to, ctx);
    if (to === null && !(window.to.kind === 'at' && window.to.at === 'enrolment-end')) {
      return { from, to, missing: describeRef(window.to, ctx) };
    }
  }
  return { from, to };
}

function inWindow(e: ServiceEvent, from: string | null, to: string | null): boolean {
  return (from === null || e.date >= from) && (to === null || e.date <= to);
}

function filterLabel(ctx: EvalContext, filter: EventFilter, label: Bilingual | undefined): Bilingual {
  if (label) return label;
  const names = filter.type.map((c) => eventTypeOf(ctx.ruleSet, c)?.name ?? { zh: c, en: c });
  return { zh: names.map((n) => n.zh).join('/'), en: names.map((n) => n.en).join('/') };
}

/** Evaluate a condition on the unit in `ctx`. */
export function evaluate(c: RuleCondition, ctx: EvalContext): RuleExplanation {
  switch (c.kind) {
    case 'all': {
      const children = c.all.map((x) => evaluate(x, ctx));
      const met = children.every((x) => x.met);
      return {
        met,
        zh: met ? '全部满足' : '未全部满足',
        en: met ? 'all conditions met' : 'not all conditions met',
        children,
      };
    }
    case 'any': {
      const children = c.any.map((x) => evaluate(x, ctx));
      const met = children.some((x) => x.met);
      return {
        met,
        zh: met ? '满足其一' : '一项也不满足',
        en: met ? 'at least one condition met' : 'no condition met',
        children,
      };
    }
    case 'not': {
      const inner = evaluate(c.not, ctx);
      return {
        met: !inner.met,
        zh: '不应满足下列条件',
        en: 'the following must not hold',
        children: [inner],
        negated: true,
      };
    }
    case 'enrolled':
      return enrolled(c.enrolled.atYearEnd, ctx);
    case 'alive': {
      const [first, last] = yearBounds(ctx.year);
      const at = c.alive === 'year-start' ? first : last;
      const death = ctx.resident.deathDate;
      const met = death === null || death > at;
      return met
        ? { met, zh: `${at} 时健在`, en: `Alive on ${at}` }
        : { met, zh: `${death} 死亡`, en: `Died on ${death}` };
    }
    case 'age': {
      const at = resolveDate(c.age.at, ctx);
      if (at === null) {
        const d = describeRef(c.age.at, ctx);
        return { met: false, zh: `无${d.zh}日期，无法计算年龄`, en: `No date for ${d.en}; age unknown` };
      }
      const months = c.age.unit === 'months';
      const age = months ? ageInMonths(ctx.resident.birthDate, at) : ageInYears(ctx.resident.birthDate, at);
      const met =
        (c.age.min === undefined || age >= c.age.min) && (c.age.below === undefined || age < c.age.below);
      const u = months ? { zh: '月龄', en: 'months' } : { zh: '岁', en: 'years' };
      const wantZh = [
        c.age.min !== undefined ? `≥${c.age.min}` : '',
        c.age.below !== undefined ? `<${c.age.below}` : '',
      ]
        .filter(Boolean)
        .join(' 且 ');
      const wantEn = wantZh.replace(' 且 ', ' and ');
      return months
        ? {
            met,
            zh: `${at} 月龄 ${age}（要求 ${wantZh}）`,
            en: `${age} months old on ${at} (needs ${wantEn})`,
          }
        : {
            met,
            zh: `${at} 年龄 ${age} ${u.zh}（要求 ${wantZh}）`,
            en: `Aged ${age} on ${at} (needs ${wantEn})`,
          };
    }
    case 'sex': {
      const name = (s: 'M' | 'F'): Bilingual =>
        s === 'M' ? { zh: '男', en: 'male' } : { zh: '女', en: 'female' };
      const met = ctx.resident.sex === c.sex;
      return {
        met,
        zh: `性别 ${name(ctx.resident.sex).zh}（要求 ${name(c.sex).zh}）`,
        en: `Sex ${name(ctx.resident.sex).en} (needs ${name(c.sex).en})`,
      };
    }
    case 'tag': {
      const met = ctx.resident.tags.includes(c.tag);
      return met
        ? { met, zh: `有标记“${c.tag}”`, en: `Tagged "${c.tag}"` }
        : { met, zh: `无标记“${c.tag}”`, en: `Not tagged "${c.tag}"` };
    }
    case 'events':
      return countEvents(c.events, ctx);
    case 'event': {
      const e = c.event;
      const label = filterLabel(ctx, e.of, e.label);
      const w = windowBounds(e.window, ctx);
      if (w.missing) return noDate(w.missing);
      const found = filterEvents(ctx, e.of).filter((x) => inWindow(x, w.from, w.to));
      const picked = e.which === 'first' ? found[0] : found.at(-1);
      const which = e.which === 'first' ? { zh: '首次', en: 'First' } : { zh: '最近一次', en: 'Latest' };
      if (!picked) {
        return {
          met: false,
          zh: `无${label.zh}记录${scopeZh(ctx)}`,
          en: `No ${label.en} recorded${scopeEn(ctx)}`,
        };
      }
      const r = testFields(e.test, picked, eventTypeOf(ctx.ruleSet, picked.type), ctx.resident.birthDate);
      return {
        met: r.met,
        zh: `${which.zh}${label.zh}（${picked.date}）：${r.zh}`,
        en: `${which.en} ${label.en} (${picked.date}): ${r.en}`,
      };
    }
    case 'share': {
      const s = c.share;
      const label = filterLabel(ctx, s.of, s.label);
      const w = windowBounds(s.window, ctx);
      if (w.missing) return noDate(w.missing);
      const all = filterEvents(ctx, s.of).filter((x) => inWindow(x, w.from, w.to));
      const passing = all.filter(
        (x) => testFields(s.where, x, eventTypeOf(ctx.ruleSet, x.type), ctx.resident.birthDate).met
      ).length;
      // Integer comparison avoids 0.9 × 10 landing just below 9 in floating point.
      const met = all.length > 0 && passing * 1e6 >= Math.round(s.min * 1e6) * all.length;
      const pct = all.length === 0 ? '—' : `${((100 * passing) / all.length).toFixed(1)}%`;
      const want = `${(s.min * 100).toFixed(0)}%`;
      return {
        met,
        zh: `${label.zh} ${passing}/${all.length}（${pct}，要求 ≥${want}）`,
        en: `${label.en} ${passing}/${all.length} (${pct}; needs ≥ ${want})`,
      };
    }
    case 'dateIn':
      return dateIn(c.dateIn, ctx);
  }
}

function dateIn(spec: DateIn, ctx: EvalContext): RuleExplanation {
  const label = spec.label ?? describeRef(spec.date, ctx);
  const date = resolveDate(spec.date, ctx);
  if (date === null) return noDate(label);
  const w = windowBounds(spec.window, ctx);
  if (w.missing) return noDate(w.missing);
  const met = (w.from === null || date >= w.from) && (w.to === null || date <= w.to);
  const zhRange = `${w.from ?? '…'}～${w.to ?? '…'}`;
  const enRange = `${w.from ?? '…'} to ${w.to ?? '…'}`;
  return {
    met,
    zh: `${label.zh}：${date}（${met ? '在' : '不在'} ${zhRange} 内）`,
    en: `${label.en}: ${date} (${met ? 'within' : 'outside'} ${enRange})`,
  };
}

function noDate(missing: Bilingual): RuleExplanation {
  return { met: false, zh: `尚无${missing.zh}记录`, en: `No ${missing.en} recorded yet` };
}

function scopeZh(ctx: EvalContext): string {
  return ctx.unit === 'resident' ? `（${ctx.year}年）` : '';
}
function scopeEn(ctx: EvalContext): string {
  return ctx.unit === 'resident' ? ` in ${ctx.year}` : '';
}

function enrolled(atYearEnd: boolean, ctx: EvalContext): RuleExplanation {
  const [, last] = yearBounds(ctx.year);
  const end = ctx.enrolmentEnd;
  const since = {
    zh: `${ctx.enrolmentStart} 起${end ? `，${end} 止` : ''}`,
    en: `from ${ctx.enrolmentStart}${end ? ` to ${end}` : ''}`,
  };
  if (ctx.unit === 'episode') {
    return { met: true, zh: `已建册管理（${since.zh}）`, en: `Registered (${since.en})` };
  }
  if (atYearEnd && !ctx.segments.some((s) => covers(s, last))) {
    return {
      met: false,
      zh: `${ctx.year}年末不在管（${since.zh}）`,
      en: `Not under management at the end of ${ctx.year} (${since.en})`,
    };
  }
  return {
    met: true,
    zh: `${ctx.year}年${atYearEnd ? '末' : '内'}在管（${since.zh}）`,
    en: `Under management ${atYearEnd ? 'at the end of' : 'in'} ${ctx.year} (${since.en})`,
  };
}

/** Required count after prorating: integer arithmetic so 4 × 9 / 12 is exactly 3. */
export function proratedCount(min: number, months: number, rounding: 'ceil' | 'floor' | 'round'): number {
  const a = min * months;
  if (rounding === 'ceil') return Math.floor((a + 11) / 12);
  if (rounding === 'floor') return Math.floor(a / 12);
  return Math.floor((2 * a + 12) / 24);
}

function countEvents(spec: EventCount, ctx: EvalContext): RuleExplanation {
  const label = filterLabel(ctx, spec.of, spec.label);
  const w = windowBounds(spec.window, ctx);
  if (w.missing) return noDate(w.missing);
  const found = filterEvents(ctx, spec.of).filter((x) => inWindow(x, w.from, w.to));
  const counted = spec.distinct === 'day' ? dedupeDays(found) : found;
  const count = counted.length;
  let required = spec.min;
  const notes: Bilingual[] = [];
  const months = monthsUnderManagement(ctx.segments, ctx.year);
  if (spec.prorate) {
    required = proratedCount(spec.min, months.length, spec.prorate.rounding);
    if (months.length < 12) {
      const r = {
        ceil: ['向上取整', 'rounded up'],
        floor: ['向下取整', 'rounded down'],
        round: ['四舍五入', 'rounded'],
      }[spec.prorate.rounding];
      notes.push({
        zh: `${ctx.year}年在管 ${months.length} 个月，按 ${spec.min}×${months.length}/12 ${r[0]}折算为 ${required} 次`,
        en: `under management ${months.length} months of ${ctx.year}: ${spec.min} × ${months.length}/12 ${r[1]} = ${required}`,
      });
    }
  }
  let quartersMet = true;
  if (spec.perQuarter !== undefined) {
    const quarters = [...new Set(months.map((m) => Math.ceil(m / 3)))];
    const per = quarters.map((q) => ({
      q,
      n: counted.filter(
        (e) => Math.ceil(Number(e.date.slice(5, 7)) / 3) === q && e.date.startsWith(String(ctx.year))
      ).length,
    }));
    quartersMet = per.every((p) => p.n >= (spec.perQuarter ?? 0));
    notes.push({
      zh: `每个在管季度 ≥${spec.perQuarter} 次：${per.map((p) => `第${p.q}季度 ${p.n} 次`).join('、')}`,
      en: `≥ ${spec.perQuarter} in every quarter under management: ${per.map((p) => `Q${p.q} ${p.n}`).join(', ')}`,
    });
  }
  const met = count >= required && quartersMet;
  const dates = counted.map((e) => e.date);
  return {
    met,
    zh: `${label.zh} ${count} 次${scopeZh(ctx)}，要求 ≥${required} 次${notes.map((n) => `；${n.zh}`).join('')}${dates.length ? `（${dates.join('、')}）` : ''}`,
    en: `${count} ${label.en}${scopeEn(ctx)}; needs ≥ ${required}${notes.map((n) => `; ${n.en}`).join('')}${dates.length ? ` (${dates.join(', ')})` : ''}`,
  };
}

function dedupeDays(events: ServiceEvent[]): ServiceEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => (seen.has(e.date) ? false : (seen.add(e.date), true)));
}
