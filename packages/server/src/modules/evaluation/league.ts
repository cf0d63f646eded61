/**
 * The plans side by side on the catalogue indicators two or more of them share: each plan's
 * target, baseline, value and status in a year — a league table across districts and cities.
 */
import type { Catalogue } from '@weijian/core';
import type { Db } from '../../db/connection';
import { plansInScope } from '../plans';
import { evaluatePlan } from './service';

export type { LeagueEntry, LeagueRow } from '@weijian/core';
import type { LeagueEntry, LeagueRow } from '@weijian/core';

export async function leagueTable(
  db: Db,
  catalogue: Catalogue,
  scope: string,
  year: number
): Promise<LeagueRow[]> {
  const plans = await plansInScope(db, scope);
  const byIndicator = new Map<string, LeagueEntry[]>();
  for (const p of plans) {
    const e = await evaluatePlan(db, catalogue, scope, p.id, year);
    for (const r of e.rows) {
      if (!r.indicator || byIndicator.get(r.indicator)?.some((x) => x.plan === p.id)) continue;
      byIndicator.set(r.indicator, [
        ...(byIndicator.get(r.indicator) ?? []),
        {
          plan: p.id,
          title: p.title,
          region: p.regionName,
          target: r.target?.raw ?? null,
          baseline: r.baseline?.value ?? null,
          actual: r.actual,
          status: r.status,
          progress: r.progress,
          synthetic: r.synthetic,
          decimals: r.decimals,
        },
      ]);
    }
  }
  const indicators = new Map(catalogue.indicators.map((i) => [i.code, i]));
  return [...byIndicator.entries()]
    .filter(([, entries]) => entries.length >= 2)
    .flatMap(([code, entries]) => {
      const ind = indicators.get(code);
      if (!ind) return [];
      const sign = ind.direction === 'decrease' ? 1 : -1;
      const ranked = [...entries].sort((a, b) =>
        a.actual === null ? 1 : b.actual === null ? -1 : sign * (a.actual - b.actual)
      );
      return [{ indicator: code, name: ind.name, unit: ind.unit, direction: ind.direction, entries: ranked }];
    })
    .sort((a, b) => b.entries.length - a.entries.length);
}
