/**
 * Backups restore whole: a backup restored into an empty database holds every plan, value,
 * audit row and case exactly as the original. PGlite's data directory is taken through the
 * running server (the one process that may hold it); the logical dump works on both engines.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createReadStream, createWriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app';
import { bootstrap } from '../../bootstrap';
import { backupThroughServer } from '../../cli/backend';
import { openDatabase, type Database } from '../../db/connection';
import type { DB } from '../../db/types';
import { ENGINES, createTestDatabase } from '../../test/db';
import { caseCard, changedTables, databaseDigest } from '../../test/security-fixture';
import { SYSTEM_ACTOR, writeAudit } from '../audit';
import { catalogue } from '../catalogue';
import { writeValues } from '../data';
import { addOrgUnits } from '../orgunits';
import { createCase } from '../surveillance';
import { restoreLogical, writeLogicalBackup } from './repository';
import { restoreBackup } from './service';

const dir = mkdtempSync(join(tmpdir(), 'weijian-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Plans, org units, values (with their audit trail), a case with identifiers. */
async function fill(db: Kysely<DB>): Promise<void> {
  await bootstrap(db);
  await addOrgUnits(db, SYSTEM_ACTOR, [
    { code: '440304981', name: '备份街道', level: 'street', parentCode: '440304' },
    {
      code: '440304981F1',
      name: '备份社康',
      level: 'facility',
      parentCode: '440304981',
      facilityType: '社区卫生服务中心',
    },
  ]);
  for (const value of [10, 12.5, 14]) {
    await writeValues(
      db,
      catalogue(),
      { actor: 'backup-test', scope: null },
      [
        [
          {
            row: 1,
            element: 'LIVE_BIRTHS',
            orgUnit: '440304981F1',
            period: '202403',
            value: Math.round(value),
          },
        ],
      ],
      { dryRun: false, source: 'facility' }
    );
  }
  await createCase(db, SYSTEM_ACTOR, '440304', caseCard('440304981F1', '440304981', 'BK-1'));
}

const COMPARED = [
  'plans',
  'plan_rows',
  'plan_targets',
  'plan_versions',
  'data_values',
  'data_value_audit',
  'agg_values',
  'audit_log',
  'case_reports',
  'case_report_identifiers',
  'case_report_history',
  'org_units',
  'users',
];

async function emptyDatabase(engine: 'pglite' | 'postgres'): Promise<Database> {
  if (engine === 'pglite') return openDatabase();
  const url = process.env.DATABASE_URL ?? '';
  const schema = `wj_restore_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const database = await openDatabase({ url, schema, poolSize: 2 });
  return {
    ...database,
    close: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

describe('backup of the embedded database through the running server', () => {
  it('restores the data directory into an empty one, identical', async () => {
    const source = await openDatabase({ dataDir: join(dir, 'source') });
    await fill(source.db);
    const app = await buildApp({
      db: source.db,
      catalogue: catalogue(),
      now: () => new Date('2026-06-01T08:00:00Z'),
      localToken: 'local-token',
      ...(source.dumpDataDir ? { backup: source.dumpDataDir } : {}),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as AddressInfo).port;
    // Signed-in users may not take it; only the local command's token.
    expect((await app.inject('/api/admin/backup')).statusCode).toBe(401);
    const file = join(dir, 'pglite.tar.gz');
    await backupThroughServer({ pid: process.pid, port, host: '127.0.0.1', token: 'local-token' }, file);
    // The same server streams a logical dump too (portable to PostgreSQL).
    const logical = join(dir, 'pglite-logical.jsonl.gz');
    await backupThroughServer(
      { pid: process.pid, port, host: '127.0.0.1', token: 'local-token' },
      logical,
      true
    );
    const want = await databaseDigest(source.db, ['audit_log']);
    const wantAudit = await source.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '<>', 'backup')
      .orderBy('id')
      .execute();
    await app.close();
    await source.close();

    expect(await restoreBackup(file, { dataDir: join(dir, 'restored') })).toEqual({ kind: 'pglite-datadir' });
    const restored = await openDatabase({ dataDir: join(dir, 'restored') });
    expect(changedTables(want, await databaseDigest(restored.db, ['audit_log']))).toEqual([]);
    expect(await restored.db.selectFrom('audit_log').selectAll().orderBy('id').execute()).toEqual(wantAudit);
    await restored.close();
    await expect(restoreBackup(file, { dataDir: join(dir, 'restored') })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(await restoreBackup(logical, { dataDir: join(dir, 'restored-logical') })).toMatchObject({
      kind: 'logical',
    });
    const fromLogical = await openDatabase({ dataDir: join(dir, 'restored-logical') });
    const got = await databaseDigest(fromLogical.db, ['audit_log']);
    expect(COMPARED.filter((t) => t !== 'audit_log' && want.get(t) !== got.get(t))).toEqual([]);
    await fromLogical.close();
  });
});

describe.each(ENGINES)('logical backup on %s', (engine) => {
  it('restores into an empty database with every plan, value, audit row and case identical', async () => {
    const source = await createTestDatabase(engine);
    await fill(source.db);
    const file = join(dir, `logical-${engine}.jsonl.gz`);
    const gzip = createGzip();
    const written = pipeline(gzip, createWriteStream(file));
    const counts = await writeLogicalBackup(source.db, new Date('2026-06-01T08:00:00Z'), (chunk) => {
      gzip.write(chunk);
      return Promise.resolve();
    });
    gzip.end();
    await written;
    expect(counts.data_values).toBe(1);
    expect(counts.data_value_audit).toBe(3);
    const want = await databaseDigest(source.db);
    await source.close();

    // Restored the way the command does it: restoreBackup opens the (empty) target itself.
    const target = await emptyDatabase(engine);
    if (engine === 'pglite') {
      await restoreLogical(target.db, createReadStream(file));
    } else {
      const schema = (
        await target.db
          .selectNoFrom((eb) => eb.fn<string>('current_schema').as('s'))
          .executeTakeFirstOrThrow()
      ).s;
      expect(await restoreBackup(file, { url: process.env.DATABASE_URL ?? '', schema })).toMatchObject({
        kind: 'logical',
      });
    }
    const got = await databaseDigest(target.db);
    expect(COMPARED.filter((t) => want.get(t) !== got.get(t))).toEqual([]);
    // Identity counters moved past the restored rows: new writes do not collide.
    await writeAudit(target.db, SYSTEM_ACTOR, { action: 'after-restore', entity: 'test', entityId: '1' });
    await expect(restoreLogical(target.db, createReadStream(file))).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await target.close();
  });
});
