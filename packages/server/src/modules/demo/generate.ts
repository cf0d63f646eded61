/**
 * `weijian demo generate`: synthetic facilities and values for the plans' regions, from 2019 on,
 * deterministic for a seed, shaped so each plan's base-year indicators equal the values the plan
 * states (Fuzhou 2020: 5.2 beds per 1,000). Every unit and value is marked synthetic; `demo
 * remove` takes all of it away again.
 */
import { AppError, mulberry32, type Catalogue, type DataElement, type PlanFile } from '@weijian/core';
import type { Db } from '../../db/connection';
import type { Actor } from '../audit';
import { writeValues, type ValueInput } from '../data';
import { IGNORE_PROGRESS, type ProgressReporter } from '../jobs';
import { addOrgUnits, findOrgUnit, findUnits, type OrgUnitInput } from '../orgunits';
import { FACILITY_TYPES, POPULATION_2020, SCALES, type Scale } from './profile';
import { statedValues, yearlyTotals } from './shape';

/** How fast an indicator moves toward its target: ahead (achieved early), on schedule, behind, backwards. */
const PACES = [1.5, 1.05, 0.45, -0.6] as const;

export interface DemoOptions {
  seed: number;
  scale: Scale;
  fromYear: number;
  toYear: number;
  /** Limit to these plan regions (default: every region that has a plan). */
  regions?: string[];
}

interface Unit {
  code: string;
  level: string;
  facilityType?: string;
}

/** Split `total` over `weights`; integers keep the exact rounded total (largest remainder). */
export function distribute(total: number, weights: readonly number[], integer: boolean): number[] {
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const raw = weights.map((w) => (total * w) / sum);
  if (!integer) return raw.map((x) => Number(x.toFixed(4)));
  const floors = raw.map(Math.floor);
  let rest = Math.round(total) - floors.reduce((a, b) => a + b, 0);
  const order = raw.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (rest <= 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    rest--;
  }
  return floors;
}

function reportingUnits(
  catalogue: Catalogue,
  de: DataElement,
  region: Unit,
  streets: Unit[],
  districts: Unit[],
  facilities: Unit[]
): Unit[] {
  if (de.aggregationType === 'NONE') return [region];
  const ds = catalogue.dataSets.find((d) => d.elements.includes(de.code));
  const levels = ds?.reporters.levels ?? ['facility'];
  if (levels.includes('facility')) {
    const types = ds?.reporters.facilityTypes;
    const chosen = types
      ? facilities.filter((f) => f.facilityType !== undefined && types.includes(f.facilityType))
      : facilities;
    return chosen.length > 0 ? chosen : facilities;
  }
  if (levels.includes('street') && region.level === 'district') return streets;
  if (levels.includes('district') && region.level === 'city' && districts.length > 0) return districts;
  return [region];
}

/** The synthetic hierarchy below one region: streets (and, for a city, its districts) and facilities. */
async function regionUnits(db: Db, region: string, scale: Scale, rand: () => number) {
  const unit = await findOrgUnit(db, region);
  if (!unit) {
    throw new AppError('NOT_FOUND', { zh: `地区不存在：${region}`, en: `Unknown region: ${region}` });
  }
  const districts =
    unit.level === 'city'
      ? await findUnits(db, { below: [], parentCode: region, synthetic: false, orderBy: 'code' })
      : [];
  const parents = districts.length > 0 ? districts : [unit];
  const { streets: nStreets, facilitiesPerStreet } = SCALES[scale];
  const inputs: OrgUnitInput[] = [];
  const streets: Unit[] = [];
  const facilities: Unit[] = [];
  for (const parent of parents) {
    const perDistrict = districts.length > 0 ? Math.max(1, Math.round(nStreets / 2)) : nStreets;
    for (let s = 1; s <= perDistrict; s++) {
      const code = `${parent.code}${String(900 + s)}`;
      inputs.push({
        code,
        name: `${parent.name}合成街道${s}`,
        level: 'street',
        parentCode: parent.code,
        synthetic: true,
      });
      streets.push({ code, level: 'street' });
      for (let f = 1; f <= facilitiesPerStreet; f++) {
        const facilityType =
          FACILITY_TYPES[(f - 1 + Math.floor(rand() * 2)) % FACILITY_TYPES.length] ?? '社区卫生服务站';
        const fcode = `${code}F${String(f).padStart(2, '0')}`;
        inputs.push({
          code: fcode,
          name: `合成${facilityType}${s}-${f}`,
          level: 'facility',
          parentCode: code,
          facilityType,
          ownership: facilityType === '民营诊所' ? '社会办' : '公立',
          synthetic: true,
        });
        facilities.push({ code: fcode, level: 'facility', facilityType });
      }
    }
  }
  return {
    region: { code: unit.code, level: unit.level },
    districts: districts.map((d) => ({ code: d.code, level: d.level })),
    streets,
    facilities,
    inputs,
  };
}

/**
 * Generate the demo data. Returns how many units and values were created.
 * @throws AppError when synthetic data exists already (remove it first)
 */
export async function generateDemo(
  db: Db,
  catalogue: Catalogue,
  plans: readonly PlanFile[],
  actor: Actor,
  options: DemoOptions,
  report: ProgressReporter = IGNORE_PROGRESS
): Promise<{ units: number; values: number }> {
  const rand = mulberry32(options.seed);
  report({
    done: 0,
    total: null,
    phase: { zh: '生成合成机构和数值', en: 'generating synthetic units and values' },
  });
  const regions = [...new Set(plans.map((p) => p.region))].filter(
    (r) => POPULATION_2020[r] !== undefined && (!options.regions || options.regions.includes(r))
  );
  let unitCount = 0;
  const bySource = new Map<string, ValueInput[]>();
  let row = 0;
  const push = (de: DataElement, ou: string, period: string, value: number): void => {
    const list = bySource.get(de.source) ?? [];
    list.push({ row: ++row, element: de.code, orgUnit: ou, period, value });
    bySource.set(de.source, list);
  };
  for (const region of regions) {
    const h = await regionUnits(db, region, options.scale, rand);
    unitCount += await addOrgUnits(db, actor, h.inputs);
    const stated = statedValues(plans, region);
    // Every plan should show every status: the stated indicators take turns at running ahead of
    // their schedule, on it, behind it and backwards (the seed shifts who gets which).
    const codes = [...new Set(stated.map((s) => s.indicator))].sort();
    const shift = Math.floor(rand() * PACES.length);
    const paces = new Map(codes.map((c, i) => [c, PACES[(i + shift) % PACES.length] ?? 1]));
    for (let year = options.fromYear; year <= options.toYear; year++) {
      const totals = yearlyTotals(
        catalogue,
        stated,
        POPULATION_2020[region] ?? 1_000_000,
        year,
        (i) => paces.get(i) ?? 1
      );
      for (const de of catalogue.dataElements) {
        const total = totals.get(de.code);
        if (total === undefined) continue;
        const units = reportingUnits(catalogue, de, h.region, h.streets, h.districts, h.facilities);
        const months = de.periodType === 'month' ? 12 : 1;
        const weights = units.flatMap(() => {
          const w = 0.5 + rand();
          return Array.from({ length: months }, () => w * (0.9 + 0.2 * rand()));
        });
        const parts = distribute(total, weights, de.valueType === 'integer');
        units.forEach((u, i) => {
          for (let m = 0; m < months; m++) {
            const period = months === 12 ? `${year}${String(m + 1).padStart(2, '0')}` : String(year);
            push(de, u.code, period, parts[i * months + m] ?? 0);
          }
        });
      }
    }
  }
  let values = 0;
  let written = 0;
  const total = [...bySource.values()].reduce((n, list) => n + list.length, 0);
  const phase = { zh: '写入数值并汇总', en: 'writing and rolling up values' };
  report({ done: 0, total, phase });
  for (const [source, inputs] of bySource) {
    const chunks: ValueInput[][] = [];
    for (let i = 0; i < inputs.length; i += 20_000) chunks.push(inputs.slice(i, i + 20_000));
    values += (
      await writeValues(
        db,
        catalogue,
        { actor: actor.name, scope: null, ...(actor.at ? { at: actor.at } : {}) },
        chunks,
        {
          dryRun: false,
          source,
          synthetic: true,
          onRows: (rows) => report({ done: written + rows, total, phase }),
        }
      )
    ).created;
    written += inputs.length;
  }
  report({ done: total, total, phase });
  return { units: unitCount, values };
}
