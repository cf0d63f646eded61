/**
 * The cascade view of a plan: for every row with both its own target and a higher level's (the
 * Futian table carries Shenzhen's beside its own; a plan may also name a parent plan), how
 * ambitious the district is, and the higher level's value rolled up from its units by the
 * indicator engine against its target.
 */
import {
  betterDirection,
  cityMeets,
  compareAmbition,
  parseTarget,
  type Catalogue,
  type Direction,
  type PlanFile,
} from '@weijian/core';
import type { Db } from '../../db/connection';
import { queryAnalytics } from '../analytics';
import { findUnits, isWithin } from '../orgunits';
import { planFile, planRegionInScope } from '../plans';
import { regionOf } from './service';

export type { CascadeRow, CascadeRule } from '@weijian/core';
import type { CascadeRow, CascadeRule } from '@weijian/core';

async function parentRows(db: Db, plan: PlanFile): Promise<Map<string, string>> {
  if (!plan.parent) return new Map();
  const parent = await planFile(db, plan.parent).catch(() => null);
  const out = new Map<string, string>();
  for (const r of parent?.rows ?? []) if (r.indicator && r.targets[0]) out.set(r.indicator, r.targets[0].raw);
  return out;
}

/** Cascade comparison of a plan for a year. */
export async function planCascade(
  db: Db,
  catalogue: Catalogue,
  scope: string,
  planId: string,
  year: number
): Promise<CascadeRow[]> {
  await planRegionInScope(db, planId, scope);
  const plan = await planFile(db, planId);
  const unit = await regionOf(db, plan.region);
  const ownLevel = unit.level === 'city' ? 'city' : 'district';
  const fromParent = await parentRows(db, plan);
  const directions = new Map(catalogue.indicators.map((i) => [i.code, betterDirection(i)]));
  const rows: Omit<CascadeRow, 'higherValue' | 'higherSynthetic' | 'higherMeets'>[] = [];
  for (const r of plan.rows) {
    const own = r.targets.find((t) => t.level === ownLevel);
    const higher =
      r.targets.find((t) => t.level !== ownLevel) ??
      (r.indicator && fromParent.has(r.indicator)
        ? { raw: fromParent.get(r.indicator) ?? '', level: 'parent-plan' }
        : undefined);
    if (!own || !higher) continue;
    const direction: Direction =
      (r.indicator ? directions.get(r.indicator) : undefined) ??
      // No better direction of its own: the target's comparison says which way is more ambitious.
      (/^[≤<]|以下|以内|不超过|控制在/.test(own.raw) ? 'decrease' : 'increase');
    const c = compareAmbition(own.raw, higher.raw, direction);
    rows.push({
      key: r.key,
      name: r.name,
      indicator: r.indicator,
      attribute: r.attribute,
      own: own.raw,
      higher: higher.raw,
      higherLevel: higher.level,
      ambition: c.ambition,
      flagged: c.ambition === 'looser' && r.attribute === 'binding',
      reason: c.reason,
      higherUnit: unit.parentCode,
    });
  }
  const codes = [...new Set(rows.map((r) => r.indicator).filter((c): c is string => c !== null))];
  const rolled =
    unit.parentCode && codes.length && (await isWithin(db, unit.parentCode, scope))
      ? await queryAnalytics(db, catalogue, scope, {
          dx: codes,
          pe: [String(year)],
          ou: [unit.parentCode],
          includeNumDen: false,
        })
      : { rows: [] };
  const values = new Map(rolled.rows.map((r) => [r.dx, r.value]));
  const synthetic = new Set(rolled.rows.filter((r) => r.synthetic).map((r) => r.dx));
  return rows.map((r) => {
    const value = r.indicator ? (values.get(r.indicator) ?? null) : null;
    const direction =
      (r.indicator ? directions.get(r.indicator) : undefined) ??
      (/^[≤<]|以下|以内|不超过|控制在/.test(r.higher) ? 'decrease' : 'increase');
    return {
      ...r,
      higherValue: value,
      higherSynthetic: r.indicator !== null && synthetic.has(r.indicator),
      higherMeets: cityMeets(r.higher, value, direction),
    };
  });
}

/** Which unit levels a "per X" scope names: 市辖区, 县（市）区, 县（市）, 街道 … */
function levelsOf(per: string): string[] {
  const p = per.replace(/[()（）]/g, '');
  if (/街道|乡镇/.test(p)) return ['street', 'township'];
  if (/县市区/.test(p)) return ['district', 'county', 'county-level city'];
  if (/市辖区/.test(p)) return ['district'];
  if (/县市|县/.test(p)) return ['county', 'county-level city'];
  return [];
}

/**
 * Rules a city's plan sets for every district or county under it ("at least one urban medical
 * group in each 市辖区"), with the units each applies to.
 */
export async function cascadeRules(db: Db, scope: string, planId: string): Promise<CascadeRule[]> {
  await planRegionInScope(db, planId, scope);
  const plan = await planFile(db, planId);
  const below = await findUnits(db, {
    below: [plan.region],
    excludeCode: plan.region,
    synthetic: false,
    orderBy: 'path',
  });
  return plan.rows.flatMap((r) => {
    const t = r.targets[0];
    // The plan file names the units a rule applies to; a target written `≥1 per 市辖区` says so itself.
    const per = t ? (t.per ?? parseTarget(t.raw).per) : undefined;
    if (!t || !per) return [];
    const levels = levelsOf(per);
    return [
      {
        key: r.key,
        name: r.name,
        target: t.raw,
        per,
        units: below
          .filter((u) => levels.includes(u.level))
          .map((u) => ({ code: u.code, name: u.name, level: u.level })),
      },
    ];
  });
}
