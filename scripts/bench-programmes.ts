/**
 * npm run bench:programmes [-- --residents N] [--seed S] [--region CODE] [--dedup-residents N]
 *
 * The resident platform at district scale, on a SYNTHETIC population: demo facilities for a
 * region (`demo generate`), then `demo residents` — people through the residents import (sealed
 * identifiers, duplicate checks), their hypertension/diabetes enrolments and three years of visits
 * through the programmes bulk path — then, over HTTP on a listening server, single visits saved
 * until the district's indicator reflects each (freshness), the full recount (`verify`), a
 * station's worklist when the server has one, and the identity matcher's figures (the
 * `bench:identity` script, run as its own process). Prints one JSON line.
 *
 * PostgreSQL of DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench_progs) in a
 * temporary schema dropped afterwards; `--engine pglite` for the embedded database (small N only).
 * The clock is fixed (`--today`, default 2026-06-30) so one seed gives one population.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'kysely';
import { buildApp } from '../packages/server/src/app';
import { bootstrap } from '../packages/server/src/bootstrap';
import { FieldCipher } from '../packages/server/src/crypto/field-cipher';
import { openDatabase } from '../packages/server/src/db/connection';
import { SYSTEM_ACTOR } from '../packages/server/src/modules/audit';
import { createUser } from '../packages/server/src/modules/auth';
import { catalogue } from '../packages/server/src/modules/catalogue';
import { generateDemo, generateDemoResidents } from '../packages/server/src/modules/demo';
import { readPlanDirectory } from '../packages/server/src/modules/plans';
import { verifyProgrammes } from '../packages/server/src/modules/programmes';
import { repoPath } from '../packages/server/src/paths';

const { values } = parseArgs({
  options: {
    residents: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    region: { type: 'string', default: '440304' },
    today: { type: 'string', default: '2026-06-30' },
    engine: { type: 'string', default: 'postgresql' },
    saves: { type: 'string', default: '200' },
    'dedup-residents': { type: 'string' },
    detail: { type: 'boolean', default: false },
  },
});
const N = Number(values.residents);
const SEED = Number(values.seed);
const SAVES = Number(values.saves);
const DEDUP_N = Number(values['dedup-residents'] ?? Math.min(N, 1_000_000));
if (!Number.isInteger(N) || N < 1 || !Number.isInteger(SEED)) {
  console.error('--residents needs a positive integer and --seed an integer / 需要整数参数');
  process.exit(2);
}
const NOW = new Date(`${values.today}T04:00:00Z`); // noon in China
const YEAR = values.today.slice(0, 4);

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};
const round = (x: number, d = 1): number => Number(x.toFixed(d));

/** A throwaway cipher key for the synthetic population (never a real key). */
function benchCipher(): FieldCipher {
  return new FieldCipher({
    cipher: 'aes-256-gcm',
    keys: new Map([['bench', randomBytes(32)]]),
    current: 'bench',
    lookupHash: 'hmac-sha256',
    lookupKey: randomBytes(32),
  });
}

async function main(): Promise<void> {
  const engine = values.engine === 'pglite' ? 'pglite' : 'postgresql';
  const url =
    engine === 'postgresql'
      ? (process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/bench_progs')
      : undefined;
  const schema = `wj_progs_${randomBytes(4).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'weijian-bench-progs-'));
  if (url) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`CREATE SCHEMA ${schema}`);
    await c.end();
  }
  const database = await openDatabase(url ? { url, schema } : { dataDir: join(dir, 'db') });
  const db = database.db;
  const detail: Record<string, unknown> = {};
  try {
    await bootstrap(db);
    const actor = { ...SYSTEM_ACTOR, name: 'bench', at: NOW };
    const year = Number(YEAR);
    await generateDemo(db, catalogue(), readPlanDirectory(repoPath('plans')), actor, {
      seed: SEED,
      scale: 'district',
      fromYear: year - 2,
      toYear: year - 1,
      regions: [values.region],
    });
    const ctx = { db, catalogue: catalogue(), now: () => NOW, fieldCipher: benchCipher() };
    const loaded = await generateDemoResidents(ctx, actor, {
      region: values.region,
      residents: N,
      seed: SEED,
    });
    detail.load = loaded;
    if (url) await sql`ANALYZE`.execute(db);

    // Freshness over HTTP: one visit saved, then the district's indicator read until it shows it.
    const app = await buildApp(ctx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = typeof address === 'object' && address ? `http://127.0.0.1:${String(address.port)}` : '';
    const username = `bench-doctor-${randomBytes(3).toString('hex')}`;
    await createUser(db, SYSTEM_ACTOR, {
      username,
      password: 'correct horse',
      role: 'doctor',
      orgUnitCode: values.region,
    });
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'correct horse' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const patients = (
      await sql<{ id: number }>`
        SELECT DISTINCT resident_id AS id FROM programme_enrolments
        WHERE programme = 'HTN' AND end_date IS NULL ORDER BY 1`.execute(db)
    ).rows.map((r) => r.id);
    const controlled = async (): Promise<number> => {
      const r = await fetch(
        `${base}/api/analytics?dx=HTN_CONTROL_RATE&pe=${YEAR}&ou=${values.region}&includeNumDen=true`,
        { headers: { cookie } }
      );
      const body = (await r.json()) as { rows?: { numerator?: number | null }[] };
      return body.rows?.[0]?.numerator ?? 0;
    };
    const freshness: number[] = [];
    let unchanged = 0;
    let rand = SEED || 1;
    for (let i = 0; i < Math.min(SAVES, patients.length); i++) {
      rand = (rand * 1103515245 + 12345) % 2 ** 31;
      const id = patients[rand % patients.length] as number;
      const before = await controlled();
      const sbp = i % 2 === 0 ? 172 : 122;
      const t0 = performance.now();
      const res = await fetch(`${base}/api/residents/${String(id)}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({
          programme: 'HTN',
          type: 'follow-up',
          date: values.today,
          fields: {
            mode: 'clinic',
            sbp,
            dbp: sbp > 140 ? 96 : 78,
            classification: sbp > 140 ? 'uncontrolled' : 'controlled',
          },
        }),
      });
      const saved = (await res.json()) as {
        changes?: { element: string; orgUnit: string; period: string; change: number }[];
      };
      if (!res.ok) throw new Error(`save failed: ${JSON.stringify(saved)}`);
      const change = (saved.changes ?? [])
        .filter((c) => c.element === 'HTN_CONTROLLED' && c.period === YEAR)
        .reduce((s, c) => s + c.change, 0);
      if (change === 0) {
        unchanged++;
        continue;
      }
      for (let tries = 0; ; tries++) {
        if ((await controlled()) === before + change) break;
        if (tries > 1000) throw new Error('the indicator never reflected the save');
      }
      freshness.push(performance.now() - t0);
    }
    detail.freshness_samples = freshness.length;
    detail.freshness_unchanged = unchanged;

    // Worklist: a station with its patients, when the server offers the route.
    const worklistP95: number | null = null;
    const routes = app.printRoutes({ commonPrefix: false });
    if (/worklist/.test(routes)) {
      detail.worklist = 'route present; not measured by this version of the script';
    }
    await app.close();

    const t0 = performance.now();
    const verify = await verifyProgrammes(db, NOW);
    const recompute = (performance.now() - t0) / 1000;
    detail.verify = {
      residents: verify.residents,
      memberships: verify.memberships,
      cells: verify.cells,
      differences: verify.differences.length,
    };

    // Identity: the bench:identity script's own figures, in its own process.
    const identity = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        repoPath('scripts/bench-identity.ts'),
        '--residents',
        String(DEDUP_N),
        '--seed',
        String(SEED),
      ],
      { encoding: 'utf8', maxBuffer: 1 << 24 }
    );
    const idLine = JSON.parse(identity.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, number>;

    const line: Record<string, unknown> = {
      synthetic: true,
      engine,
      residents: loaded.residents,
      events: loaded.events,
      enrolments: loaded.enrolments,
      import_residents_per_s: Math.round(loaded.residents / loaded.importSeconds),
      import_events_per_s: Math.round(loaded.events / loaded.bulkSeconds),
      freshness_p50_ms: round(quantile(freshness, 0.5)),
      freshness_p95_ms: round(quantile(freshness, 0.95)),
      recompute_s: round(recompute),
      recompute_equal: verify.equal,
      worklist_p95_ms: worklistP95,
      dedup_residents: DEDUP_N,
      dedup_precision: idLine.precision ?? null,
      dedup_recall: idLine.recall_with_review ?? null,
      dedup_review_share: idLine.review_share ?? null,
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
    if (values.detail) line.detail = detail;
    console.log(JSON.stringify(line));
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
    if (url) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    }
  }
}

await main();
