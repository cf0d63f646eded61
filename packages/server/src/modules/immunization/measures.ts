/**
 * The coverage measures Weijian keeps fresh from dose records, each with the two data elements
 * (denominator, numerator) and the catalogue indicator it feeds: 接种率 of every dose of the
 * schedule, 及时接种率 of every dose, and 全程接种率 at 12 months and at 7 years. Counted by year
 * at the child's home unit, so the org-unit tree sums them to township (街道/乡镇), district and
 * city. Who counts is core's `coverageOf`; this file only names the measures.
 */
import { doseMeasures, type Bilingual, type CoverageMeasure, type ImmunizationSchedule } from '@weijian/core';

/** One measure with its elements and indicator. */
export interface MeasureDef {
  measure: CoverageMeasure;
  /** Data element of the denominator (应种) and of the numerator (实种 / 及时 / 全程). */
  denominator: string;
  numerator: string;
  indicator: string;
  name: Bilingual;
}

/** HepA-L → HEPA_L: a track code as it appears in element codes. */
function codePart(track: string): string {
  return track.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/** The ages of 全程接种率: the first year (list items 1–3) and the whole schedule (7 years). */
export const FULL_AGES = [
  { code: '12M', age: { months: 12 }, name: { zh: '12月龄', en: '12 months' } },
  { code: '7Y', age: { years: 7 }, name: { zh: '7岁', en: '7 years' } },
] as const;

/** Every measure of a schedule, in the schedule's order. */
export function measureDefs(schedule: ImmunizationSchedule): MeasureDef[] {
  const out: MeasureDef[] = [];
  for (const { slot, name } of doseMeasures(schedule)) {
    const key = `${codePart(slot.track ?? slot.series)}_${slot.dose}`;
    out.push({
      measure: { kind: 'dose', slot },
      denominator: `IMM_${key}_DUE`,
      numerator: `IMM_${key}_GIVEN`,
      indicator: `IMM_COV_${key}`,
      name: { zh: `${name.zh}接种率`, en: `${name.en} coverage` },
    });
    out.push({
      measure: { kind: 'timely', slot },
      denominator: `IMM_${key}_TIMELY_DUE`,
      numerator: `IMM_${key}_TIMELY`,
      indicator: `IMM_TIMELY_${key}`,
      name: { zh: `${name.zh}及时接种率`, en: `${name.en} timely coverage` },
    });
  }
  for (const f of FULL_AGES) {
    out.push({
      measure: { kind: 'full', age: { ...f.age } },
      denominator: `IMM_FULL_${f.code}_DUE`,
      numerator: `IMM_FULL_${f.code}`,
      indicator: `IMM_FULL_${f.code}_COV`,
      name: {
        zh: `${f.name.zh}儿童免疫规划疫苗全程接种率`,
        en: `Full national-programme vaccination by ${f.name.en}`,
      },
    });
  }
  return out;
}
