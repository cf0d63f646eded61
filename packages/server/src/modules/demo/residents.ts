/**
 * `weijian demo residents`: a SYNTHETIC population for a region's demo facilities (made by `demo
 * generate`), with age structure, hypertension and diabetes patients and three years of visits
 * (core's `syntheticPopulation`). People go in through the residents import (identifiers sealed,
 * look-up and blocking hashes, duplicates checked), their enrolments and visits through the
 * programmes bulk path, so every count on the dashboards comes from records. Everything is marked
 * synthetic; `demo remove` takes it away. The demo's typed-in programme figures for the region's
 * synthetic units give way to the counts from records.
 */
import { AppError, syntheticPopulation, type SyntheticHousehold, type SyntheticPlace } from '@weijian/core';
import type { AppContext } from '../../context';
import type { Actor } from '../audit';
import { replaceSyntheticWithRecords } from '../data';
import { IGNORE_PROGRESS, type ProgressReporter } from '../jobs';
import { chinaDay, findOrgUnit, findUnits } from '../orgunits';
import { bulkLoad, ruleSets, type BulkEnrolmentInput, type BulkEventInput } from '../programmes';
import { importRows } from '../residents';

/** The facility types that hold residents' records and programmes (社康中心 and 社康站). */
const PRIMARY_CARE = ['社区卫生服务中心', '社区卫生服务站'];

export interface DemoResidentsOptions {
  region: string;
  residents: number;
  seed: number;
  /** People per import transaction (default 20,000). */
  chunk?: number;
  /** Years of visits, counting this one (default 3). */
  years?: number;
}

export interface DemoResidentsResult {
  synthetic: true;
  residents: number;
  enrolments: number;
  events: number;
  /** Seconds spent in the residents import and in the programmes bulk path. */
  importSeconds: number;
  bulkSeconds: number;
}

const SEX_ZH = { M: '男', F: '女' } as const;

/**
 * Load a synthetic population into a region's demo facilities.
 * @throws AppError NOT_FOUND when the region has no demo facilities (run `demo generate` first)
 */
export async function generateDemoResidents(
  ctx: AppContext,
  actor: Actor,
  options: DemoResidentsOptions,
  report: ProgressReporter = IGNORE_PROGRESS
): Promise<DemoResidentsResult> {
  const region = await findOrgUnit(ctx.db, options.region);
  if (!region) {
    throw new AppError('NOT_FOUND', {
      zh: `地区不存在：${options.region}`,
      en: `Unknown region: ${options.region}`,
    });
  }
  const facilities = await findUnits(ctx.db, {
    below: [region.code],
    levels: ['facility'],
    facilityTypes: PRIMARY_CARE,
    synthetic: true,
    orderBy: 'code',
  });
  const places: SyntheticPlace[] = facilities
    .filter((f) => f.parentCode !== null)
    .map((f) => ({ homeUnit: f.parentCode as string, facility: f.code }));
  if (places.length === 0) {
    throw new AppError('NOT_FOUND', {
      zh: `${region.name}没有合成的社区卫生服务机构，请先运行 weijian demo generate`,
      en: `${region.code} has no synthetic primary-care facilities; run weijian demo generate first`,
    });
  }
  const today = chinaDay(ctx.now());
  // Every programme's elements are counted from records from now on (the recount checks them
  // all), so the demo's typed-in figures for them give way, even for programmes the synthetic
  // population has no patients in yet.
  const elements = [...new Set(ruleSets().flatMap((rs) => rs.memberships.map((m) => m.element)))];
  await ctx.db.transaction().execute((tx) => replaceSyntheticWithRecords(tx, elements, region.code));

  const user = { id: actor.userId, username: actor.name, role: 'admin' as const, orgUnitCode: region.code };
  const chunk = options.chunk ?? 20_000;
  const population = syntheticPopulation({
    seed: options.seed,
    residents: options.residents,
    places,
    asOf: today,
    years: options.years ?? 3,
    idRegion: region.code.slice(0, 6).padEnd(6, '0'),
  });
  const result: DemoResidentsResult = {
    synthetic: true,
    residents: 0,
    enrolments: 0,
    events: 0,
    importSeconds: 0,
    bulkSeconds: 0,
  };
  const phase = { zh: '导入合成居民及随访', en: 'importing synthetic residents and visits' };
  let batch: SyntheticHousehold[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const t0 = performance.now();
    const table = [
      ['姓名', '性别', '出生日期', '身份证号', '电话', '所属社区'],
      ...batch.map((h) => [
        h.person.name,
        SEX_ZH[h.person.sex],
        h.person.birthDate,
        h.person.idNumber,
        h.person.phone,
        h.person.homeUnit,
      ]),
    ];
    const imported = await importRows(ctx, user, table, { dryRun: false, synthetic: true });
    const ids = imported.ids ?? [];
    const t1 = performance.now();
    const enrolments: BulkEnrolmentInput[] = [];
    const events: BulkEventInput[] = [];
    batch.forEach((h, i) => {
      const residentId = ids[i];
      if (residentId === undefined) return;
      for (const e of h.enrolments) {
        enrolments.push({
          row: i + 2,
          residentId,
          programme: e.programme,
          start: e.start,
          facility: e.facility,
        });
      }
      for (const e of h.events) {
        events.push({
          row: i + 2,
          residentId,
          programme: e.programme,
          type: e.type,
          date: e.date,
          fields: e.fields,
          facility: e.facility,
        });
      }
    });
    const loaded = await bulkLoad(ctx.db, actor, { enrolments, events }, { scope: null, source: 'demo' });
    result.residents += ids.length;
    result.enrolments += loaded.enrolments;
    result.events += loaded.events;
    result.importSeconds += (t1 - t0) / 1000;
    result.bulkSeconds += (performance.now() - t1) / 1000;
    report({ done: result.residents, total: options.residents, phase });
    batch = [];
  };
  report({ done: 0, total: options.residents, phase });
  for (const h of population) {
    batch.push(h);
    if (batch.length >= chunk) await flush();
  }
  await flush();
  return result;
}
