/**
 * The loop closed: triage outcomes of the past year tighten the per-series significance of the
 * topics whose signals keep turning out false. The rule is small and stated on every signal it
 * touches — at least 10 judged signals and under 5 % real: α halves; at least 20 and under 1 %:
 * α is a fifth — so a bureau can see why a threshold moved and undo it by changing α for the run.
 */
import { dayIso, isoDay } from '@weijian/core';
import type { Db } from '../../db/connection';
import { judgedByTopic } from './repository/signals';

/** How a topic's α was tuned, and why. */
export interface TunedAlpha {
  topic: string;
  alpha: number;
  judged: number;
  real: number;
  reason: { zh: string; en: string };
}

/** Per-topic α for a run as of `date`, from the outcomes of the preceding 365 days. */
export async function learnedAlpha(
  db: Db,
  scope: string,
  date: string,
  alpha: number
): Promise<Map<string, TunedAlpha>> {
  const rows = await judgedByTopic(db, { scope, after: dayIso(isoDay(date) - 365), until: date });
  const out = new Map<string, TunedAlpha>();
  for (const r of rows) {
    const ppv = r.real / r.judged;
    const factor = r.judged >= 20 && ppv < 0.01 ? 0.2 : r.judged >= 10 && ppv < 0.05 ? 0.5 : 1;
    if (factor === 1) continue;
    const tuned = alpha * factor;
    const pct = (100 * ppv).toFixed(1);
    out.set(r.topic, {
      topic: r.topic,
      alpha: tuned,
      judged: r.judged,
      real: r.real,
      reason: {
        zh: `近一年 ${r.judged} 个已核实信号中真实 ${r.real} 个（${pct}%），α 按结论收紧为 ${tuned}`,
        en: `${r.real} of ${r.judged} judged signals in the past year were real (${pct}%); α tightened to ${tuned}`,
      },
    });
  }
  return out;
}
