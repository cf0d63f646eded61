/**
 * Bulk import of SYNTHETIC residents through the platform's import path (checks, sealing,
 * look-up and blocking hashes, duplicate search, one batched transaction) into an empty index,
 * and one JSON line of figures. PGlite in memory, or PostgreSQL in a fresh schema when
 * DATABASE_URL is set (the schema is dropped afterwards).
 *
 *   npx tsx scripts/bench-resident-import.ts [--residents N]
 *
 * Goal (issue 12, later): ≥ 20,000 residents/s on PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { residentIdCheckChar } from '../packages/core/src/identity/resident-id';
import { FieldCipher } from '../packages/server/src/crypto/field-cipher';
import { openDatabase } from '../packages/server/src/db/connection';
import { migrate } from '../packages/server/src/db/migrate';
import { SYSTEM_ACTOR } from '../packages/server/src/modules/audit';
import { catalogue } from '../packages/server/src/modules/catalogue';
import { addOrgUnits, seedRegions } from '../packages/server/src/modules/orgunits';
import { importRows } from '../packages/server/src/modules/residents';

const { values } = parseArgs({ options: { residents: { type: 'string', default: '100000' } } });
const n = Number(values.residents);

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const schema = `wj_bench_${randomBytes(4).toString('hex')}`;
  if (url) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`CREATE SCHEMA ${schema}`);
    await c.end();
  }
  const database = url ? await openDatabase({ url, schema, poolSize: 4 }) : await openDatabase();
  try {
    await migrate(database.db);
    await seedRegions(database.db);
    const streets = Array.from({ length: 10 }, (_, i) => `BS${i}`);
    await addOrgUnits(database.db, SYSTEM_ACTOR, [
      { code: 'BD1', name: '基准区', level: 'district', parentCode: '440300', synthetic: true },
      ...streets.map((code, i) => ({
        code,
        name: `基准街道${i}`,
        level: 'street',
        parentCode: 'BD1',
        synthetic: true,
      })),
    ]);
    const rows: string[][] = [['姓名', '性别', '出生日期', '身份证号', '联系电话', '现住址', '所属社区']];
    for (let i = 0; i < n; i++) {
      const birth = new Date(Date.UTC(1940, 0, 1) + (i % 29_000) * 86_400_000).toISOString().slice(0, 10);
      const seq = String(100 + Math.floor(i / 29_000)).padStart(3, '0');
      const body = `440304${birth.replace(/-/g, '')}${seq}`;
      const id = `${body}${residentIdCheckChar(body)}`;
      const name = `${SURNAMES.charAt(i % 20)}${GIVEN.charAt((i * 7) % 30)}${GIVEN.charAt((i * 13) % 30)}`;
      rows.push([
        name,
        Number(seq.charAt(2)) % 2 === 1 ? '男' : '女',
        birth,
        id,
        `13${String(100_000_000 + i).slice(-9)}`,
        `幸福路${i % 500}号${i % 30}栋${i % 900}室`,
        streets[i % 10] ?? 'BS0',
      ]);
    }
    const cipher = new FieldCipher({
      cipher: 'aes-256-gcm',
      keys: new Map([['bench', randomBytes(32)]]),
      current: 'bench',
      lookupHash: 'hmac-sha256',
      lookupKey: randomBytes(32),
    });
    const ctx = {
      db: database.db,
      catalogue: catalogue(),
      now: () => new Date('2026-06-01T08:00:00Z'),
      fieldCipher: cipher,
    };
    const user = { id: null, username: 'bench', role: 'admin' as const, orgUnitCode: '100000' };
    const t0 = performance.now();
    const r = await importRows(ctx, user, rows, { dryRun: false, synthetic: true });
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      JSON.stringify({
        synthetic: true,
        engine: database.engine,
        residents: r.created,
        seconds: Number(seconds.toFixed(2)),
        import_residents_per_s: Math.round(r.created / seconds),
        possible_duplicates: r.possibleDuplicates.length,
        peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      })
    );
  } finally {
    await database.close();
    if (url) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    }
  }
}

void main();
