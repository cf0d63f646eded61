/**
 * Analytics: any catalogue indicator (or raw data element) for any units and periods, computed
 * at query time from the rolled-up counts. Rates come from aggregated numerators and
 * denominators, never from averaging rates; what was written a moment ago is already included.
 */
import {
  AppError,
  aggregateOverTime,
  compileIndicator,
  computeIndicator,
  nativePeriods,
  parsePeriod,
  type AggregatedElement,
  type Catalogue,
  type CompiledIndicator,
  type DataElement,
  type Period,
} from '@weijian/core';
import type { Db } from '../../db/connection';
import { readLimits } from '../../limits';
import { aggregateRows } from '../data';
import { resolveOrgUnits, type SelectedUnit } from '../orgunits';

export type { AnalyticsRow, AnalyticsResponse } from '@weijian/core';
import type { AnalyticsRow, AnalyticsResponse } from '@weijian/core';

export interface AnalyticsQuery {
  dx: string[];
  pe: string[];
  ou: string[];
  includeNumDen: boolean;
}

type Point = { value: number; n: number; synthetic: number };
/** element → org unit → native period → point */
export type PointIndex = Map<string, Map<string, Map<string, Point>>>;

interface Target {
  code: string;
  compiled: CompiledIndicator | null;
  element: DataElement | null;
}

function targets(catalogue: Catalogue, dx: readonly string[]): Target[] {
  const indicators = new Map(catalogue.indicators.map((i) => [i.code, i]));
  const elements = new Map(catalogue.dataElements.map((d) => [d.code, d]));
  return dx.map((code) => {
    const ind = indicators.get(code);
    if (ind) return { code, compiled: compileIndicator(ind), element: null };
    const de = elements.get(code);
    if (de) return { code, compiled: null, element: de };
    throw new AppError(
      'NOT_FOUND',
      { zh: `未知指标或数据元：${code}`, en: `Unknown indicator or data element: ${code}` },
      [{ field: 'dx', value: code, message: { zh: '不在指标目录中', en: 'Not in the catalogue' } }]
    );
  });
}

/** Load the rolled-up points of the given elements, units and periods in one query. */
export async function loadPoints(
  db: Db,
  elements: readonly DataElement[],
  units: readonly string[],
  periods: readonly Period[]
): Promise<PointIndex> {
  const index: PointIndex = new Map();
  const periodIds = [
    ...new Set(elements.flatMap((de) => periods.flatMap((p) => nativePeriods(p, de.periodType)))),
  ];
  if (elements.length === 0 || units.length === 0 || periodIds.length === 0) return index;
  const rows = await aggregateRows(
    db,
    elements.map((e) => e.code),
    units,
    periodIds
  );
  const none = new Set(elements.filter((e) => e.aggregationType === 'NONE').map((e) => e.code));
  for (const r of rows) {
    // A statistic (life expectancy) is valid only where it was reported, never as a sum.
    if (none.has(r.element) && !r.own) continue;
    let byOu = index.get(r.element);
    if (!byOu) index.set(r.element, (byOu = new Map<string, Map<string, Point>>()));
    let byPe = byOu.get(r.orgUnit);
    if (!byPe) byOu.set(r.orgUnit, (byPe = new Map<string, Point>()));
    byPe.set(r.period, { value: r.value, n: r.n, synthetic: r.syntheticN });
  }
  return index;
}

/** An element's value for one unit and requested period, aggregated over its native periods. */
export function elementValue(
  index: PointIndex,
  de: DataElement,
  ou: string,
  period: Period
): AggregatedElement & { synthetic: boolean } {
  const byPe = index.get(de.code)?.get(ou);
  const points = nativePeriods(period, de.periodType).flatMap((p) => {
    const point = byPe?.get(p);
    return point ? [{ period: p, ...point }] : [];
  });
  return { ...aggregateOverTime(de.aggregationType, points), synthetic: points.some((p) => p.synthetic > 0) };
}

/**
 * Run an analytics query for a user.
 * @throws AppError for unknown dx, bad periods, units outside the scope, or more than `maxCells`
 *   cells (indicators × periods × units), with how to narrow the request
 */
export async function queryAnalytics(
  db: Db,
  catalogue: Catalogue,
  scope: string,
  q: AnalyticsQuery,
  maxCells = readLimits().analyticsCells
): Promise<AnalyticsResponse> {
  const periods = q.pe.map(parsePeriod);
  const wanted = targets(catalogue, q.dx);
  const units: SelectedUnit[] = await resolveOrgUnits(db, q.ou, scope);
  const cells = wanted.length * periods.length * units.length;
  if (cells > maxCells) {
    throw new AppError(
      'VALIDATION_FAILED',
      {
        zh: `请求过大：${wanted.length} 个指标 × ${periods.length} 个期间 × ${units.length} 个机构 = ${cells} 个单元格，上限 ${maxCells}。请减少指标或期间，或改用上一级机构（如 LEVEL-3 代替 LEVEL-5）、CHILDREN:编码`,
        en: `Request too large: ${wanted.length} indicators × ${periods.length} periods × ${units.length} org units = ${cells} cells; the limit is ${maxCells}. Ask for fewer indicators or periods, or a higher level of units (LEVEL-3 instead of LEVEL-5, or CHILDREN:code)`,
      },
      [{ field: 'ou', value: cells, message: { zh: '单元格过多', en: 'Too many cells' } }]
    );
  }
  const elementsByCode = new Map(catalogue.dataElements.map((d) => [d.code, d]));
  const needed = new Map<string, DataElement>();
  for (const t of wanted) {
    if (t.element) needed.set(t.element.code, t.element);
    for (const code of t.compiled?.elements ?? []) {
      const de = elementsByCode.get(code);
      if (de) needed.set(code, de);
    }
  }
  const index = await loadPoints(
    db,
    [...needed.values()],
    units.map((u) => u.code),
    periods
  );
  const rows: AnalyticsRow[] = [];
  for (const t of wanted) {
    for (const period of periods) {
      for (const unit of units) {
        if (t.element) {
          const v = elementValue(index, t.element, unit.code, period);
          rows.push({
            dx: t.code,
            pe: period.id,
            ou: unit.code,
            value: v.value,
            ...(v.synthetic ? { synthetic: true } : {}),
          });
          continue;
        }
        const compiled = t.compiled as CompiledIndicator;
        const values: Record<string, number | null> = {};
        let synthetic = false;
        for (const code of compiled.elements) {
          const de = needed.get(code);
          const v = de ? elementValue(index, de, unit.code, period) : null;
          values[code] = v?.value ?? null;
          synthetic ||= v?.synthetic ?? false;
        }
        const r = computeIndicator(compiled, values);
        rows.push({
          dx: t.code,
          pe: period.id,
          ou: unit.code,
          value: r.value,
          ...(synthetic ? { synthetic: true } : {}),
          ...(q.includeNumDen
            ? { numerator: r.numerator, denominator: r.denominator, factor: r.factor }
            : {}),
        });
      }
    }
  }
  const dxMeta: AnalyticsResponse['metaData']['dx'] = {};
  for (const t of wanted) {
    const name = t.compiled?.indicator.name ?? t.element?.name ?? { zh: t.code, en: t.code };
    dxMeta[t.code] = { ...name, unit: t.compiled?.indicator.unit ?? '' };
  }
  return {
    headers: ['dx', 'pe', 'ou', 'value', ...(q.includeNumDen ? ['numerator', 'denominator', 'factor'] : [])],
    rows,
    metaData: {
      dx: dxMeta,
      ou: Object.fromEntries(units.map((u) => [u.code, { name: u.name, level: u.level, parent: u.parent }])),
      pe: periods.map((p) => p.id),
    },
  };
}
