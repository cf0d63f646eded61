/**
 * Explain one figure: the formula, numerator, denominator and factor; for each data element the
 * aggregation rule, the value, how many stored values went in, from which periods, which units
 * (the unit's own reported value, or the sum of its children) and from which sources.
 */
import {
  AppError,
  compileIndicator,
  computeIndicator,
  parsePeriod,
  type Catalogue,
  type DataElement,
} from '@weijian/core';
import type { Db } from '../../db/connection';
import { aggregationRule, childContributions, valueSources } from '../data';
import { resolveOrgUnits } from '../orgunits';
import { elementValue, loadPoints } from './service';

export type { ElementExplanation, Explanation } from '@weijian/core';
import type { ElementExplanation, Explanation } from '@weijian/core';

async function explainElement(
  db: Db,
  de: DataElement,
  ou: string,
  periodId: string,
  value: ReturnType<typeof elementValue>
): Promise<ElementExplanation> {
  const periods = value.periods;
  const rule = await aggregationRule(db, de.code, ou, periods);
  const start = parsePeriod(periodId).start;
  const contributors =
    rule === 'children' && periods.length
      ? await childContributions(db, { element: de.code, parent: ou, start, periods })
      : [];
  const sources = periods.length ? await valueSources(db, { element: de.code, below: ou, periods }) : [];
  return {
    code: de.code,
    name: de.name,
    aggregationType: de.aggregationType,
    value: value.value,
    valueCount: value.n,
    periods,
    rule,
    contributors,
    sources,
  };
}

/**
 * Explain one figure for a user.
 * @throws AppError NOT_FOUND for an unknown indicator or a unit outside the scope
 */
export async function explainFigure(
  db: Db,
  catalogue: Catalogue,
  scope: string,
  q: { dx: string; pe: string; ou: string }
): Promise<Explanation> {
  const indicator = catalogue.indicators.find((i) => i.code === q.dx);
  if (!indicator) {
    throw new AppError('NOT_FOUND', { zh: `未知指标：${q.dx}`, en: `Unknown indicator: ${q.dx}` }, [
      { field: 'dx', value: q.dx, message: { zh: '不在指标目录中', en: 'Not in the catalogue' } },
    ]);
  }
  const [unit] = await resolveOrgUnits(db, [q.ou], scope);
  if (!unit) throw new AppError('NOT_FOUND', { zh: `机构不存在：${q.ou}`, en: `Unknown org unit: ${q.ou}` });
  const period = parsePeriod(q.pe);
  const compiled = compileIndicator(indicator);
  const elements = compiled.elements
    .map((c) => catalogue.dataElements.find((d) => d.code === c))
    .filter((d): d is DataElement => d !== undefined);
  const index = await loadPoints(db, elements, [unit.code], [period]);
  const values: Record<string, number | null> = {};
  const explained: ElementExplanation[] = [];
  for (const de of elements) {
    const v = elementValue(index, de, unit.code, period);
    values[de.code] = v.value;
    explained.push(await explainElement(db, de, unit.code, q.pe, v));
  }
  const result = computeIndicator(compiled, values);
  return {
    dx: q.dx,
    pe: q.pe,
    ou: { code: unit.code, name: unit.name },
    name: indicator.name,
    unit: indicator.unit,
    formula: {
      numerator: indicator.numerator,
      denominator: indicator.denominator ?? null,
      factor: indicator.factor,
    },
    value: result.value,
    numerator: result.numerator,
    denominator: result.denominator,
    definition: indicator.definition,
    standard: indicator.standard,
    elements: explained,
  };
}
