/**
 * `weijian demo surveillance`: synthetic case reports and sentinel counts for the streets of one
 * region, deterministic for a seed and marked synthetic everywhere: three years of weekly
 * influenza, HFMD and other-diarrhoea cases per street with seasonality, sentinel sites (a school,
 * a pharmacy and a fever clinic per street) reporting daily. In the last week the board gets
 * signals of several kinds from several reporting units: an influenza outbreak in the first street
 * that its school and fever clinic also see (a multi-point signal), and in the last street a
 * cluster of hand, foot and mouth disease and a cholera case (class A: a single case alerts), both
 * reported by that street's own clinic. Then the detection runs as of that date.
 */
import {
  AppError,
  dayIso,
  isoDay,
  mulberry32,
  negBinomial,
  type CaseReportInput,
  type SyndromicCountInput,
} from '@weijian/core';
import type { Db } from '../../db/connection';
import type { Actor } from '../audit';
import { addOrgUnits, findUnits } from '../orgunits';
import { insertCases, runDetection, upsertCounts } from '../surveillance';

const WEEKLY: { disease: string; base: number; amplitude: number; peakWeek: number }[] = [
  { disease: 'influenza', base: 3, amplitude: 0.8, peakWeek: 2 },
  { disease: 'hfmd', base: 2, amplitude: 0.7, peakWeek: 20 },
  { disease: 'other_diarrhoea', base: 1.5, amplitude: 0.4, peakWeek: 30 },
];
const SITES = [
  { suffix: 'SCH', name: '小学（合成）', type: '学校', syndrome: 'school_absence_fever', base: 6 },
  { suffix: 'PHA', name: '药店（合成）', type: '药店', syndrome: 'pharmacy_antipyretics', base: 25 },
  { suffix: 'FEV', name: '发热门诊（合成）', type: '发热门诊', syndrome: 'fever_clinic_visits', base: 15 },
] as const;

/** Generates the surveillance demo for the streets below `region` as of `asOf`; returns what it wrote and the run. */
export async function generateSurveillanceDemo(
  db: Db,
  actor: Actor,
  opts: { region: string; asOf: string; seed: number; years?: number }
) {
  const streets = await findUnits(db, {
    below: [],
    parentCode: opts.region,
    levels: ['street'],
    orderBy: 'code',
  });
  if (streets.length === 0) {
    throw new AppError('VALIDATION_FAILED', {
      zh: `${opts.region} 下没有街道，请先生成演示机构`,
      en: `No streets below ${opts.region}; generate demo units first`,
    });
  }
  const [hospital] = await findUnits(db, {
    below: [opts.region],
    levels: ['facility'],
    orderBy: 'code',
    limit: 1,
  });
  const rand = mulberry32(opts.seed);
  const end = isoDay(opts.asOf);
  const weeks = (opts.years ?? 3) * 52;
  const seasonal = (base: number, amplitude: number, peak: number, day: number) =>
    base * Math.exp(amplitude * Math.cos((2 * Math.PI * ((day / 7 - peak) % 52)) / 52));
  const units = streets.flatMap((s) =>
    SITES.map((site) => ({
      code: `${s.code}${site.suffix}`,
      name: `${s.name}${site.name}`,
      level: 'facility' as const,
      parentCode: s.code,
      facilityType: site.type,
      synthetic: true,
    }))
  );
  await addOrgUnits(db, actor, units);
  const cards: CaseReportInput[] = [];
  const counts: SyndromicCountInput[] = [];
  const last = streets.length - 1;
  streets.forEach((street, si) => {
    // The first street's cases come from the hospital, the others' from their own clinics.
    const reporter = si === 0 ? (hospital?.code ?? `${street.code}FEV`) : `${street.code}FEV`;
    for (const w of WEEKLY) {
      for (let k = weeks; k >= 0; k--) {
        const day0 = end - 7 * k;
        const outbreak =
          k === 0 && si === 0 && w.disease === 'influenza'
            ? 25
            : k === 0 && si === last && si > 0 && w.disease === 'hfmd'
              ? 18
              : 0;
        const n = negBinomial(rand, seasonal(w.base, w.amplitude, w.peakWeek, day0), 1.5) + outbreak;
        for (let c = 0; c < n; c++) {
          const day = dayIso(day0 - Math.floor(rand() * 7));
          const delayHours = Math.floor(rand() * 30);
          cards.push({
            cardNo: `DEMO-${opts.seed}-${street.code}-${w.disease}-${k}-${c}`,
            disease: w.disease,
            caseType: rand() < 0.7 ? 'clinical' : 'confirmed',
            onsetDate: dayIso(isoDay(day) - 1),
            diagnosedAt: `${day}T02:00:00Z`,
            reportedAt: new Date(Date.parse(`${day}T02:00:00Z`) + delayHours * 3_600_000).toISOString(),
            reportingUnit: reporter,
            residenceUnit: street.code,
            sex: rand() < 0.5 ? 'M' : 'F',
            age: Math.floor(rand() * 80),
          });
        }
      }
    }
    if (si === last && si > 0) {
      const day = dayIso(end - 1);
      cards.push({
        cardNo: `DEMO-${opts.seed}-${street.code}-cholera`,
        disease: 'cholera',
        caseType: 'confirmed',
        onsetDate: dayIso(end - 2),
        diagnosedAt: `${day}T03:00:00Z`,
        reportedAt: `${day}T04:30:00Z`,
        reportingUnit: reporter,
        residenceUnit: street.code,
        sex: 'M',
        age: 34,
      });
    }
    for (const site of SITES) {
      for (let d = 7 * weeks; d >= 0; d--) {
        const day = end - d;
        const surge = si === 0 && site.suffix !== 'PHA' && d < 3 ? 3 : 1;
        counts.push({
          site: `${street.code}${site.suffix}`,
          syndrome: site.syndrome,
          date: dayIso(day),
          count: negBinomial(rand, surge * seasonal(site.base, 0.5, 2, day), 1.3),
        });
      }
    }
  });
  await db.transaction().execute(async (tx) => {
    await insertCases(tx, actor, cards, true);
    await upsertCounts(tx, actor, counts, true);
  });
  const run = await runDetection(db, actor, opts.region, opts.asOf, { synthetic: true });
  return { streets: streets.length, sites: units.length, cases: cards.length, counts: counts.length, run };
}
