/**
 * npm run bench:analytics [-- --values 8000000]
 *
 * Builds a synthetic city (10 districts × 20 streets × N facilities, 60 monthly data elements,
 * 2019–2024), imports it as CSV through the real import path, then times analytics queries
 * against the naive alternative and prints one JSON line. PGlite by default (on disk in a temp
 * directory); the PostgreSQL server of DATABASE_URL when set (in a temporary schema, dropped after).
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { mulberry32, poisson, type Catalogue, type DataElement } from '@weijian/core';
import { bootstrap } from '../packages/server/src/bootstrap';
import { openDatabase } from '../packages/server/src/db/connection';
import { queryAnalytics } from '../packages/server/src/modules/analytics';
import { SYSTEM_ACTOR } from '../packages/server/src/modules/audit';
import { catalogue as loadCatalogue, syncCatalogue } from '../packages/server/src/modules/catalogue';
import { csvChunks, writeValues, type WriteOptions } from '../packages/server/src/modules/data';
import { addOrgUnits } from '../packages/server/src/modules/orgunits';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const TARGET_VALUES = Number(arg('values') ?? 8_000_000);

/**
 * WEIJIAN_TIMING=1: the import's phase times (prepare, existing, upsert, audit, rollup), summed
 * over its chunks and printed to stderr when it ends. The data service only calls the observer.
 */
function phaseTimes(): Pick<WriteOptions, 'onPhase'> & { print: () => void } {
  if (process.env.WEIJIAN_TIMING === undefined) return { print: () => undefined };
  const totals: Record<string, number> = {};
  return {
    onPhase: (phase, ms) => {
      totals[phase] = (totals[phase] ?? 0) + ms;
    },
    print: () => {
      const rounded = Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, Math.round(v)]));
      process.stderr.write(`write phases (ms): ${JSON.stringify(rounded)}\n`);
    },
  };
}
const YEARS = [2019, 2020, 2021, 2022, 2023, 2024];
const DISTRICTS = 10;
const STREETS = 20;
const REAL_MONTHLY = [
  'LIVE_BIRTHS',
  'INFANT_DEATHS',
  'U5_DEATHS',
  'MATERNAL_DEATHS',
  'MATERNAL_SYS_MANAGED',
  'EARLY_PREGNANCY_REGISTERED',
  'POSTPARTUM_VISITED',
  'NEWBORNS_VISITED',
  'VISITS_TOTAL',
  'VISITS_PRIMARY',
  'DISCHARGES',
  'DISCHARGED_BED_DAYS',
  'OCCUPIED_BED_DAYS',
  'OPEN_BED_DAYS',
  'IMM_ELIGIBLE',
  'IMM_VACCINATED',
  'NOTIFIABLE_CASES_REGISTERED',
  'NOTIFIABLE_CASES_REPORTED',
  'NOTIFIABLE_CASES_TIMELY',
  'TB_NEW_CASES',
];
const INDICATORS_B = [
  'IMR',
  'U5MR',
  'MMR',
  'PRIMARY_VISIT_SHARE',
  'AVERAGE_LENGTH_OF_STAY',
  'BED_OCCUPANCY',
  'IMMUNIZATION_COVERAGE',
  'NOTIFIABLE_REPORTING_RATE',
  'NOTIFIABLE_TIMELINESS',
  'MATERNAL_SYSTEM_MANAGEMENT',
];
const MEANS: Record<string, number> = {
  LIVE_BIRTHS: 20,
  INFANT_DEATHS: 0.05,
  U5_DEATHS: 0.07,
  MATERNAL_DEATHS: 0.002,
  MATERNAL_SYS_MANAGED: 18,
  EARLY_PREGNANCY_REGISTERED: 17,
  POSTPARTUM_VISITED: 18,
  NEWBORNS_VISITED: 19,
  VISITS_TOTAL: 3000,
  VISITS_PRIMARY: 1800,
  DISCHARGES: 120,
  DISCHARGED_BED_DAYS: 900,
  OCCUPIED_BED_DAYS: 2400,
  OPEN_BED_DAYS: 3000,
  IMM_ELIGIBLE: 60,
  IMM_VACCINATED: 58,
  NOTIFIABLE_CASES_REGISTERED: 6,
  NOTIFIABLE_CASES_REPORTED: 6,
  NOTIFIABLE_CASES_TIMELY: 5,
  TB_NEW_CASES: 0.3,
};

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return Number((s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN).toFixed(2));
};
async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [performance.now() - t0, r];
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const schema = `wj_bench_${randomBytes(4).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'weijian-bench-'));
  if (url) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`CREATE SCHEMA ${schema}`);
    await c.end();
  }
  const database = await openDatabase(url ? { url, schema } : { dataDir: join(dir, 'db') });
  const { db } = database;
  try {
    await bootstrap(db);
    const base = loadCatalogue();
    const bench: DataElement[] = Array.from({ length: 40 }, (_, i) => ({
      code: `BENCH_${String(i + 1).padStart(2, '0')}`,
      name: { zh: `基准测试数据元${i + 1}（合成）`, en: `Benchmark element ${i + 1} (synthetic)` },
      valueType: 'integer',
      aggregationType: 'SUM',
      periodType: 'month',
      source: 'facility',
    }));
    const catalogue: Catalogue = { ...base, dataElements: [...base.dataElements, ...bench] };
    await syncCatalogue(db, catalogue);
    const elements = [...REAL_MONTHLY, ...bench.map((b) => b.code)];
    const months = YEARS.flatMap((y) =>
      Array.from({ length: 12 }, (_, m) => `${y}${String(m + 1).padStart(2, '0')}`)
    );
    const perFacility = elements.length * months.length;
    const facilitiesPerStreet = Math.max(1, Math.ceil(TARGET_VALUES / perFacility / (DISTRICTS * STREETS)));

    // Hierarchy: a synthetic city under Guangdong.
    const city = 'BC0001';
    const units = [
      { code: city, name: '基准测试市（合成）', level: 'city', parentCode: '440000', synthetic: true },
    ];
    const facilities: string[] = [];
    for (let d = 1; d <= DISTRICTS; d++) {
      const dc = `${city}D${String(d).padStart(2, '0')}`;
      units.push({ code: dc, name: `合成区${d}`, level: 'district', parentCode: city, synthetic: true });
      for (let s = 1; s <= STREETS; s++) {
        const sc = `${dc}S${String(s).padStart(2, '0')}`;
        units.push({ code: sc, name: `合成街道${d}-${s}`, level: 'street', parentCode: dc, synthetic: true });
        for (let f = 1; f <= facilitiesPerStreet; f++) {
          const fc = `${sc}F${String(f).padStart(2, '0')}`;
          units.push({
            code: fc,
            name: `合成机构${d}-${s}-${f}`,
            level: 'facility',
            parentCode: sc,
            synthetic: true,
          });
          facilities.push(fc);
        }
      }
    }
    await addOrgUnits(db, SYSTEM_ACTOR, units);

    // The CSV a district statistician would upload, streamed to disk.
    const file = join(dir, 'values.csv');
    const out = createWriteStream(file);
    const rand = mulberry32(20260101);
    out.write('dataelement,orgunit,period,value\n');
    let values = 0;
    for (const fc of facilities) {
      let buf = '';
      for (const m of months) {
        for (const el of elements) {
          buf += `${el},${fc},${m},${poisson(rand, MEANS[el] ?? 100)}\n`;
          values++;
        }
      }
      if (!out.write(buf)) {
        await new Promise<void>((r) =>
          out.once('drain', () => {
            r();
          })
        );
      }
    }
    await new Promise<void>((r) => out.end(r));

    const phases = phaseTimes();
    const [importMs] = await time(() =>
      writeValues(db, catalogue, { actor: 'bench', scope: null }, csvChunks(createReadStream(file)), {
        dryRun: false,
        source: 'facility',
        synthetic: true,
        ...(phases.onPhase ? { onPhase: phases.onPhase } : {}),
      })
    );
    phases.print();

    const scope = city;
    const a: number[] = [];
    for (let i = 0; i < 30; i++) {
      const [ms] = await time(() =>
        queryAnalytics(db, catalogue, scope, {
          dx: [INDICATORS_B[i % 10] as string],
          pe: [String(YEARS[i % 6])],
          ou: ['LEVEL-3'],
          includeNumDen: true,
        })
      );
      a.push(ms);
    }
    const b: number[] = [];
    for (let i = 0; i < 10; i++) {
      const [ms] = await time(() =>
        queryAnalytics(db, catalogue, scope, {
          dx: INDICATORS_B,
          pe: YEARS.map(String),
          ou: ['LEVEL-3'],
          includeNumDen: true,
        })
      );
      b.push(ms);
    }
    const c: number[] = [];
    for (let i = 0; i < 30; i++) {
      const street = `${city}D${String((i % DISTRICTS) + 1).padStart(2, '0')}S${String((i % STREETS) + 1).padStart(2, '0')}`;
      const [ms] = await time(() =>
        queryAnalytics(db, catalogue, scope, {
          dx: ['IMR', 'PRIMARY_VISIT_SHARE'],
          pe: ['2024'],
          ou: [`CHILDREN:${street}`],
          includeNumDen: true,
        })
      );
      c.push(ms);
    }

    // Staleness: from the start of saving one value to an indicator that includes it changing.
    const fc = facilities[0] as string;
    const before = (
      await queryAnalytics(db, catalogue, scope, {
        dx: ['IMR'],
        pe: ['2024'],
        ou: [`${city}D01`],
        includeNumDen: false,
      })
    ).rows[0]?.value;
    const t0 = performance.now();
    await writeValues(
      db,
      catalogue,
      { actor: 'bench', scope: null },
      [[{ row: 1, element: 'INFANT_DEATHS', orgUnit: fc, period: '202406', value: 25 }]],
      { dryRun: false, source: 'facility', synthetic: true }
    );
    const after = (
      await queryAnalytics(db, catalogue, scope, {
        dx: ['IMR'],
        pe: ['2024'],
        ou: [`${city}D01`],
        includeNumDen: false,
      })
    ).rows[0]?.value;
    const staleness = performance.now() - t0;
    if (after === before) throw new Error('the saved value did not change the indicator');

    // Naive: one GROUP BY over the raw values joined along the hierarchy, then the same formulas.
    const needed = [
      ...new Set(
        INDICATORS_B.flatMap((code) => {
          const ind = catalogue.indicators.find((x) => x.code === code);
          return `${ind?.numerator ?? ''} ${ind?.denominator ?? ''}`.match(/[A-Z][A-Z0-9_]+/g) ?? [];
        })
      ),
    ];
    const naive: number[] = [];
    for (let i = 0; i < 3; i++) {
      const [ms] = await time(() =>
        sql`
        SELECT d.code, v.element, substr(v.period, 1, 4) AS year, sum(v.value) AS value
        FROM data_values v
        JOIN org_units f ON f.code = v.org_unit
        JOIN org_units d ON d.level_rank = 3 AND d.path LIKE ${`%/${city}/%`} AND f.path LIKE '%/' || d.code || '/%'
        WHERE v.element = ANY(${needed}::text[]) AND v.period BETWEEN '201901' AND '202412'
        GROUP BY d.code, v.element, substr(v.period, 1, 4)`.execute(db)
      );
      naive.push(ms);
    }

    const b50 = pct(b, 50);
    const naive50 = pct(naive, 50);
    console.log(
      JSON.stringify({
        engine: database.engine,
        values,
        facilities: facilities.length,
        data_elements: elements.length,
        months: months.length,
        import_s: Number((importMs / 1000).toFixed(1)),
        import_values_per_s: Math.round(values / (importMs / 1000)),
        a_p50_ms: pct(a, 50),
        a_p95_ms: pct(a, 95),
        b_p50_ms: b50,
        b_p95_ms: pct(b, 95),
        c_p50_ms: pct(c, 50),
        c_p95_ms: pct(c, 95),
        staleness_ms: Number(staleness.toFixed(1)),
        naive_b_p50_ms: naive50,
        b_speedup: Number((naive50 / b50).toFixed(1)),
        peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      })
    );
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
    if (url && process.env.BENCH_KEEP_SCHEMA) console.error(`kept schema ${schema}`);
    else if (url) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    }
  }
}

await main();
