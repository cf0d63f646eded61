/**
 * npm run bench:writes [-- --connections 50 --seconds 20]
 *
 * Concurrent single-cell saves over HTTP. A server process (this script with --serve) opens the
 * database — the PostgreSQL server of DATABASE_URL in a temporary schema, else PGlite in a temp
 * directory — builds a synthetic city (10 districts × 10 streets × 5 facilities), creates one clerk
 * per connection and listens on 127.0.0.1. This process signs the clerks in and, for a bounded
 * time, keeps every connection busy saving one cell at a time (random facility, element and month
 * of 2025, as a city's month-end entry does), then measures staleness (save → district indicator
 * changed) and recounts every roll-up from the stored values. Prints one JSON line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { mulberry32 } from '@weijian/core';
import { buildApp } from '../packages/server/src/app';
import { bootstrap } from '../packages/server/src/bootstrap';
import { FieldCipher } from '../packages/server/src/crypto/field-cipher';
import { openDatabase, type OpenOptions } from '../packages/server/src/db/connection';
import { SYSTEM_ACTOR } from '../packages/server/src/modules/audit';
import { createUser } from '../packages/server/src/modules/auth';
import { catalogue } from '../packages/server/src/modules/catalogue';
import { recountDifferences } from '../packages/server/src/modules/data';
import { addOrgUnits } from '../packages/server/src/modules/orgunits';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const CONNECTIONS = Number(arg('connections') ?? 50);
const SECONDS = Number(arg('seconds') ?? 20);
const CITY = 'BW0001';
const DISTRICTS = 10;
const STREETS = 10;
const FACILITIES = 5;
const ELEMENTS = [
  'LIVE_BIRTHS',
  'INFANT_DEATHS',
  'VISITS_TOTAL',
  'VISITS_PRIMARY',
  'DISCHARGES',
  'DISCHARGED_BED_DAYS',
  'OCCUPIED_BED_DAYS',
  'OPEN_BED_DAYS',
  'IMM_ELIGIBLE',
  'IMM_VACCINATED',
];
const MONTHS = Array.from({ length: 12 }, (_, m) => `2025${String(m + 1).padStart(2, '0')}`);
const PASSWORD = 'bench-writes-Pw-7f3k9q2m';

const facilityCodes = (): string[] => {
  const out: string[] = [];
  for (let d = 1; d <= DISTRICTS; d++) {
    for (let s = 1; s <= STREETS; s++) {
      for (let f = 1; f <= FACILITIES; f++) {
        out.push(`${CITY}D${String(d).padStart(2, '0')}S${String(s).padStart(2, '0')}F${f}`);
      }
    }
  }
  return out;
};

const openOptions = (target: string): OpenOptions => {
  const url = process.env.DATABASE_URL;
  return url
    ? { url, schema: target, poolSize: Number(process.env.WEIJIAN_DB_POOL ?? 20) }
    : { dataDir: target };
};

/** The server side: set up the city and clerks, listen, report peak memory when told to stop. */
async function serve(target: string): Promise<void> {
  const database = await openDatabase(openOptions(target));
  const { db } = database;
  await bootstrap(db);
  const units: Parameters<typeof addOrgUnits>[2][number][] = [
    { code: CITY, name: '写入基准测试市（合成）', level: 'city', parentCode: '440000', synthetic: true },
  ];
  for (let d = 1; d <= DISTRICTS; d++) {
    const dc = `${CITY}D${String(d).padStart(2, '0')}`;
    units.push({ code: dc, name: `合成区${d}`, level: 'district', parentCode: CITY, synthetic: true });
    for (let s = 1; s <= STREETS; s++) {
      const sc = `${dc}S${String(s).padStart(2, '0')}`;
      units.push({ code: sc, name: `合成街道${d}-${s}`, level: 'street', parentCode: dc, synthetic: true });
      for (let f = 1; f <= FACILITIES; f++) {
        units.push({
          code: `${sc}F${f}`,
          name: `合成机构${d}-${s}-${f}`,
          level: 'facility',
          parentCode: sc,
          synthetic: true,
        });
      }
    }
  }
  await addOrgUnits(db, SYSTEM_ACTOR, units);
  for (let i = 0; i < CONNECTIONS; i++) {
    await createUser(db, SYSTEM_ACTOR, {
      username: `bench-clerk-${i}`,
      password: PASSWORD,
      role: 'clerk',
      orgUnitCode: CITY,
    });
  }
  const app = await buildApp({
    db,
    catalogue: catalogue(),
    now: () => new Date(),
    fieldCipher: new FieldCipher({
      cipher: 'aes-256-gcm',
      keys: new Map([['bench', randomBytes(32)]]),
      current: 'bench',
      lookupHash: 'hmac-sha256',
      lookupKey: randomBytes(32),
    }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(JSON.stringify({ port, engine: database.engine }));
  process.once('SIGTERM', () => {
    void (async () => {
      await app.close();
      await database.close();
      console.log(JSON.stringify({ peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) }));
      process.exit(0);
    })();
  });
}

interface Reply {
  status: number;
  body: string;
  cookie: string | undefined;
}

function call(
  agent: Agent,
  port: number,
  method: string,
  path: string,
  cookie: string,
  body?: unknown
): Promise<Reply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: {
          ...(cookie ? { cookie } : {}),
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          const set = res.headers['set-cookie']?.[0];
          resolve({ status: res.statusCode ?? 0, body: text, cookie: set?.split(';')[0] });
        });
      }
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const pct = (sorted: number[], p: number): number =>
  Number((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN).toFixed(1));

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const target = url
    ? `wj_bench_${randomBytes(4).toString('hex')}`
    : mkdtempSync(join(tmpdir(), 'weijian-bench-'));
  if (url) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`CREATE SCHEMA ${target}`);
    await c.end();
  }
  let server: ChildProcess | undefined;
  try {
    server = spawn(
      process.execPath,
      [...process.execArgv, process.argv[1] ?? '', '--serve', target, '--connections', String(CONNECTIONS)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      }
    );
    const lines = createInterface({ input: server.stdout as NodeJS.ReadableStream });
    const next = (): Promise<Record<string, unknown>> =>
      new Promise((resolve, reject) => {
        lines.once('line', (l) => {
          try {
            resolve(JSON.parse(l) as Record<string, unknown>);
          } catch (e) {
            reject(e instanceof Error ? e : new Error(String(e)));
          }
        });
        server?.once('exit', (code) => {
          reject(new Error(`server exited ${String(code)}`));
        });
      });
    const started = await next();
    const port = Number(started.port);
    const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    const cookies: string[] = [];
    for (let i = 0; i < CONNECTIONS; i++) {
      const r = await call(agent, port, 'POST', '/api/auth/login', '', {
        username: `bench-clerk-${i}`,
        password: PASSWORD,
      });
      if (r.status !== 200 || !r.cookie) throw new Error(`sign-in failed: ${r.status} ${r.body}`);
      cookies.push(r.cookie);
    }
    const facilities = facilityCodes();
    const latencies: number[] = [];
    let errors = 0;
    let firstError = '';
    const end = performance.now() + SECONDS * 1000;
    const t0 = performance.now();
    await Promise.all(
      cookies.map(async (cookie, w) => {
        const rand = mulberry32(1000 + w);
        while (performance.now() < end) {
          const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
          const body = {
            dataValues: [
              {
                dataElement: pick(ELEMENTS),
                orgUnit: pick(facilities),
                period: pick(MONTHS),
                value: Math.floor(rand() * 1000),
              },
            ],
          };
          const s = performance.now();
          try {
            const r = await call(agent, port, 'POST', '/api/dataValues', cookie, body);
            if (r.status !== 200) {
              errors++;
              firstError ||= `${r.status} ${r.body.slice(0, 300)}`;
            }
          } catch (e) {
            errors++;
            firstError ||= String(e);
          }
          latencies.push(performance.now() - s);
        }
      })
    );
    const seconds = (performance.now() - t0) / 1000;
    if (firstError) process.stderr.write(`first error: ${firstError}\n`);

    // Staleness: from the start of one save to the district's figure including it.
    const cookie = cookies[0] ?? '';
    const ask = `/api/analytics?dx=LIVE_BIRTHS&pe=202512&ou=${CITY}D01`;
    const figure = async (): Promise<number | null> =>
      (JSON.parse((await call(agent, port, 'GET', ask, cookie)).body) as { rows: { value: number | null }[] })
        .rows[0]?.value ?? null;
    const before = await figure();
    const s0 = performance.now();
    const saved = await call(agent, port, 'POST', '/api/dataValues', cookie, {
      dataValues: [
        { dataElement: 'LIVE_BIRTHS', orgUnit: `${CITY}D01S01F1`, period: '202512', value: 100_000 },
      ],
    });
    const after = await figure();
    const staleness = performance.now() - s0;
    if (saved.status !== 200 || after === before) {
      throw new Error('the saved value did not reach the district');
    }
    agent.destroy();

    const exit = new Promise<Record<string, unknown>>((resolve) => {
      lines.once('line', (l) => {
        resolve(JSON.parse(l) as Record<string, unknown>);
      });
    });
    server.kill('SIGTERM');
    const { peak_rss_mb } = await exit;

    const check = await openDatabase(url ? { url, schema: target } : { dataDir: target });
    const recount = await recountDifferences(check.db);
    await check.close();

    latencies.sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        engine: started.engine,
        connections: CONNECTIONS,
        seconds: Number(seconds.toFixed(1)),
        saves: latencies.length,
        saves_per_s: Math.round(latencies.length / seconds),
        p50_ms: pct(latencies, 50),
        p99_ms: pct(latencies, 99),
        errors,
        staleness_ms: Number(staleness.toFixed(1)),
        consistent: recount.differences === 0,
        peak_rss_mb,
      })
    );
  } finally {
    if (server && server.exitCode === null) server.kill('SIGKILL');
    if (url) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA ${target} CASCADE`);
      await c.end();
    } else rmSync(target, { recursive: true, force: true });
  }
}

const serveAt = arg('serve');
if (serveAt) await serve(serveAt);
else await main();
