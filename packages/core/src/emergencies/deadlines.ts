/**
 * Countdowns: for each deadline rule, when it started, when it is due, whether it was met and
 * how long is left (negative once missed). Recurring deadlines (situation reports) are measured
 * from the latest time they were met.
 */
import type { DeadlineRule, EventStep } from './catalogue';

/** One countdown as the event page shows it. */
export interface Countdown {
  code: string;
  name: { zh: string; en: string };
  /** ISO instants; null when the starting step has not happened. */
  startedAt: string | null;
  dueAt: string | null;
  doneAt: string | null;
  /** Milliseconds left at `now` (negative when overdue); null when met or not started. */
  remainingMs: number | null;
  state: 'pending' | 'running' | 'met' | 'met_late' | 'missed';
}

/** Times each step happened, oldest first (a step may happen several times, e.g. situation reports). */
export type StepTimes = Partial<Record<EventStep, readonly Date[]>>;

const HOUR = 3_600_000;

/** Evaluate every rule against the event's step times at `now`. */
export function countdowns(rules: readonly DeadlineRule[], steps: StepTimes, now: Date): Countdown[] {
  return rules.map((rule) => {
    const name = { zh: rule.zh, en: rule.en };
    const starts = steps[rule.from] ?? [];
    const start = starts[0];
    if (!start) {
      return {
        code: rule.code,
        name,
        startedAt: null,
        dueAt: null,
        doneAt: null,
        remainingMs: null,
        state: 'pending',
      };
    }
    const dones = (steps[rule.done] ?? []).filter((d) => d.getTime() >= start.getTime());
    if (rule.every) {
      // A recurring duty runs until the phase it belongs to ends.
      const last = dones.at(-1);
      const from = last ?? start;
      const due = new Date(from.getTime() + rule.hours * HOUR);
      const stopped = (steps.response_ended ?? []).find((d) => d.getTime() >= start.getTime());
      const at = stopped ?? now;
      const late = dones.some(
        (d, i) => d.getTime() - (i === 0 ? start : (dones[i - 1] ?? start)).getTime() > rule.hours * HOUR
      );
      if (stopped) {
        const missedAtEnd = stopped.getTime() > due.getTime();
        return {
          code: rule.code,
          name,
          startedAt: start.toISOString(),
          dueAt: due.toISOString(),
          doneAt: last?.toISOString() ?? null,
          remainingMs: null,
          state: missedAtEnd ? 'missed' : late ? 'met_late' : 'met',
        };
      }
      const remaining = due.getTime() - at.getTime();
      return {
        code: rule.code,
        name,
        startedAt: start.toISOString(),
        dueAt: due.toISOString(),
        doneAt: last?.toISOString() ?? null,
        remainingMs: remaining,
        state: remaining < 0 ? 'missed' : 'running',
      };
    }
    const due = new Date(start.getTime() + rule.hours * HOUR);
    const done = dones[0];
    if (done) {
      return {
        code: rule.code,
        name,
        startedAt: start.toISOString(),
        dueAt: due.toISOString(),
        doneAt: done.toISOString(),
        remainingMs: null,
        state: done.getTime() <= due.getTime() ? 'met' : 'met_late',
      };
    }
    const remaining = due.getTime() - now.getTime();
    return {
      code: rule.code,
      name,
      startedAt: start.toISOString(),
      dueAt: due.toISOString(),
      doneAt: null,
      remainingMs: remaining,
      state: remaining < 0 ? 'missed' : 'running',
    };
  });
}
