/**
 * Backups of either engine. PGlite: a tarball of the data directory, taken by the process that
 * holds it (through the running server when there is one). PostgreSQL: a logical dump through
 * SQL (see logical.ts). Restore takes either into a new, empty database: a tarball only into a
 * PGlite directory, a logical dump into PGlite or PostgreSQL.
 */
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
} from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { createGzip, gunzipSync, type Gzip } from 'node:zlib';
import { AppError } from '@weijian/core';
import { openDatabase, restoreDataDir, type Database, type Db, type OpenOptions } from '../../db/connection';
import { writeAudit, type Actor } from '../audit';
import { isLogicalBackup, restoreLogical, writeLogicalBackup } from './repository';

/** Write a backup of an open database to a file (PGlite: its data directory unless `logical`). */
export async function writeBackup(
  database: Database,
  file: string,
  now: Date,
  options: { logical?: boolean } = {}
): Promise<{ kind: 'pglite-datadir' | 'logical' }> {
  if (database.dumpDataDir && !options.logical) {
    const tarball = await database.dumpDataDir();
    await pipeline(PassThrough.from([tarball]), createWriteStream(file, { mode: 0o600 }));
    return { kind: 'pglite-datadir' };
  }
  const gzip = logicalBackupStream(database.db, now);
  await pipeline(gzip, createWriteStream(file, { mode: 0o600 }));
  return { kind: 'logical' };
}

/** A gzip stream of a logical backup, written as it is read (memory stays flat). */
export function logicalBackupStream(db: Db, now: Date): Gzip {
  const gzip = createGzip();
  writeLogicalBackup(db, now, (chunk) =>
    gzip.write(chunk)
      ? Promise.resolve()
      : new Promise<void>((resolve) => gzip.once('drain', () => resolve()))
  ).then(
    () => gzip.end(),
    (e: unknown) => gzip.destroy(e instanceof Error ? e : new Error(String(e)))
  );
  return gzip;
}

function firstBytes(file: string): Buffer {
  const buf = Buffer.alloc(1 << 16);
  const fd = openSync(file, 'r');
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  try {
    return gunzipSync(buf.subarray(0, n), { finishFlush: 2 });
  } catch {
    throw new AppError('VALIDATION_FAILED', {
      zh: `不是备份文件（应为 gzip）：${file}`,
      en: `Not a backup file (gzip expected): ${file}`,
    });
  }
}

function holdsDatabase(dataDir: string): boolean {
  return (
    existsSync(join(dataDir, 'PG_VERSION')) ||
    (existsSync(dataDir) && readdirSync(dataDir).some((f) => f !== 'weijian-server.json'))
  );
}

/**
 * Restore a backup file into a new, empty database.
 * @throws AppError CONFLICT when the target already holds data, VALIDATION_FAILED for a bad file
 */
export async function restoreBackup(
  file: string,
  target: OpenOptions
): Promise<{ kind: 'pglite-datadir' | 'logical'; rows?: number }> {
  const logical = isLogicalBackup(firstBytes(file));
  if (!target.url && target.dataDir && holdsDatabase(target.dataDir)) {
    throw new AppError('CONFLICT', {
      zh: `数据目录 ${target.dataDir} 已有数据库；请换一个新的空目录，或先移走原目录`,
      en: `The data directory ${target.dataDir} already holds a database; use a new, empty one or move it away first`,
    });
  }
  if (!logical) {
    if (target.url || !target.dataDir) {
      throw new AppError('VALIDATION_FAILED', {
        zh: '这是嵌入式数据库（PGlite）的目录备份，只能恢复到 PGlite 数据目录',
        en: 'This is a PGlite data-directory backup; it restores only into a PGlite data directory',
      });
    }
    await restoreDataDir(target.dataDir, readFileSync(file));
    return { kind: 'pglite-datadir' };
  }
  const database = await openDatabase(target);
  try {
    const counts = await restoreLogical(database.db, createReadStream(file));
    return { kind: 'logical', rows: Object.values(counts).reduce((a, b) => a + b, 0) };
  } finally {
    await database.close();
  }
}

/** Record a backup taken through the server (the audit trail says who copied the database, and how). */
export async function recordBackup(
  db: Db,
  actor: Actor,
  kind: 'logical' | 'pglite',
  details?: Record<string, unknown>
): Promise<void> {
  await writeAudit(db, actor, {
    action: 'backup',
    entity: 'database',
    entityId: kind,
    ...(details ? { details } : {}),
  });
}
