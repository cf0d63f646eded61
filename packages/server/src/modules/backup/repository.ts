/**
 * The backup module's SQL. A logical backup through SQL: every table's rows as JSON lines (gzip), read inside one
 * REPEATABLE READ transaction so the copy is consistent while the server keeps writing. Restore
 * loads them into an empty database migrated to the backup's own schema version, in foreign-key
 * order, resets the identity counters, then runs the newer migrations. It needs no pg_dump of a
 * matching major version, restores into any schema (the tests' per-file schemas included) and
 * into PGlite as well as PostgreSQL.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import { AppError } from '@weijian/core';
import type { DB } from '../../db/types';
import { migrate, migrationFiles } from '../../db/migrate';

export const BACKUP_FORMAT = 'weijian-backup';
/** Tables not copied: live sessions and sign-in counters belong to the running system, not its data. */
const EPHEMERAL = new Set(['sessions', 'login_throttle', 'schema_migrations']);
const BATCH = 2000;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: 1;
  createdAt: string;
  migrations: string[];
  tables: string[];
}

async function tableNames(db: Kysely<DB>): Promise<string[]> {
  const r = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_class c
    WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace
    ORDER BY c.relname`.execute(db);
  return r.rows.map((t) => t.name).filter((t) => !EPHEMERAL.has(t) && !t.startsWith('pg_'));
}

/** Tables ordered so that every table comes after the tables it references. */
async function dependencyOrder(db: Kysely<DB>, tables: readonly string[]): Promise<string[]> {
  const r = await sql<{ child: string; parent: string }>`
    SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
    FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`.execute(
    db
  );
  const bare = (t: string) => t.replace(/^.*\./, '').replace(/"/g, '');
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set()]));
  for (const { child, parent } of r.rows) {
    if (bare(child) !== bare(parent)) parents.get(bare(child))?.add(bare(parent));
  }
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string) => {
    if (seen.has(t)) return;
    seen.add(t);
    for (const p of parents.get(t) ?? []) if (parents.has(p)) visit(p);
    out.push(t);
  };
  for (const t of tables) visit(t);
  return out;
}

const ident = (name: string) => sql.id(name);

/**
 * Write a logical backup as JSON lines: a header, then per table (parents before children) a
 * `{"table"}` line and one line per row, read through a cursor so memory stays flat. The caller
 * gzips the lines; `write` resolves when the line may be followed by the next.
 */
export async function writeLogicalBackup(
  db: Kysely<DB>,
  now: Date,
  write: (chunk: string) => Promise<void>
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  // One snapshot for every table, so the copy is consistent while the server keeps writing.
  await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      const tables = await dependencyOrder(tx, await tableNames(tx));
      const migrations = (
        await tx.selectFrom('schema_migrations').select('name').orderBy('name').execute()
      ).map((m) => m.name);
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        version: 1,
        createdAt: now.toISOString(),
        migrations,
        tables,
      };
      await write(`${JSON.stringify(header)}\n`);
      for (const table of tables) {
        await write(`${JSON.stringify({ table })}\n`);
        await sql`DECLARE backup_rows NO SCROLL CURSOR FOR SELECT to_jsonb(t)::text AS row FROM ${ident(table)} t`.execute(
          tx
        );
        let n = 0;
        for (;;) {
          const page = await sql<{ row: string }>`FETCH ${sql.raw(String(BATCH))} FROM backup_rows`.execute(
            tx
          );
          if (page.rows.length === 0) break;
          n += page.rows.length;
          await write(page.rows.map((r) => `${r.row}\n`).join(''));
        }
        await sql`CLOSE backup_rows`.execute(tx);
        counts[table] = n;
      }
    });
  return counts;
}

/** Whether a gunzipped backup starts like a logical backup (rather than a PGlite tarball). */
export function isLogicalBackup(head: Buffer): boolean {
  return head.subarray(0, 40).toString('utf8').startsWith(`{"format":"${BACKUP_FORMAT}"`);
}

function badBackup(why: { zh: string; en: string }): AppError {
  return new AppError('VALIDATION_FAILED', {
    zh: `备份文件无效：${why.zh}`,
    en: `Not a usable backup: ${why.en}`,
  });
}

/**
 * Restore a gzipped logical backup into an empty database, the rows in one transaction.
 * @returns rows restored per table
 * @throws AppError when the file is not a backup, was made by a newer build, or the database is not empty
 */
export async function restoreLogical(db: Kysely<DB>, gz: Readable): Promise<Record<string, number>> {
  const reader = createInterface({ input: gz.pipe(createGunzip()), crlfDelay: Infinity });
  const it = reader[Symbol.asyncIterator]();
  const first = await it.next();
  let header: BackupHeader;
  try {
    header = JSON.parse(first.done ? '' : first.value) as BackupHeader;
  } catch {
    throw badBackup({ zh: '不是卫健逻辑备份', en: 'not a Weijian logical backup' });
  }
  if (header.format !== BACKUP_FORMAT || header.version !== 1) {
    throw badBackup({ zh: '格式或版本不符', en: 'unknown format or version' });
  }
  const known = new Set(migrationFiles());
  const unknown = header.migrations.filter((m) => !known.has(m));
  if (unknown.length) {
    throw badBackup({
      zh: `由更新版本生成（迁移 ${unknown.join('、')}）`,
      en: `made by a newer build (migrations ${unknown.join(', ')})`,
    });
  }
  await migrate(db, { only: header.migrations });
  const counts: Record<string, number> = {};
  await db.transaction().execute(async (tx) => {
    const present = await tableNames(tx);
    for (const t of present) {
      const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${ident(t)}`.execute(tx);
      if ((r.rows[0]?.n ?? 0) > 0) {
        throw new AppError('CONFLICT', {
          zh: `目标数据库不是空的（${t} 已有数据），请恢复到新的空数据库`,
          en: `The target database is not empty (${t} has rows); restore into a new, empty database`,
        });
      }
    }
    let table: string | null = null;
    let batch: string[] = [];
    const flush = async () => {
      if (!table || batch.length === 0) return;
      const json = `[${batch.join(',')}]`;
      await sql`INSERT INTO ${ident(table)} SELECT * FROM jsonb_populate_recordset(NULL::${ident(table)}, ${json}::jsonb)`.execute(
        tx
      );
      counts[table] = (counts[table] ?? 0) + batch.length;
      batch = [];
    };
    for (let n = await it.next(); !n.done; n = await it.next()) {
      const line = n.value;
      if (line === '') continue;
      if (line.startsWith('{"table":')) {
        await flush();
        if (table) await resetIdentities(tx, table);
        const next = (JSON.parse(line) as { table: string }).table;
        if (!present.includes(next)) throw badBackup({ zh: `未知表 ${next}`, en: `unknown table ${next}` });
        table = next;
        counts[table] = 0;
      } else if (table) {
        batch.push(line);
        if (batch.length >= BATCH) await flush();
      } else throw badBackup({ zh: '行不属于任何表', en: 'a row outside any table' });
    }
    await flush();
    if (table) await resetIdentities(tx, table);
  });
  await migrate(db);
  return counts;
}

/** Move each identity counter of a table past the highest restored value. */
async function resetIdentities(db: Kysely<DB>, table: string): Promise<void> {
  const cols = await sql<{ col: string }>`
    SELECT a.attname AS col FROM pg_attribute a
    WHERE a.attrelid = ${table}::regclass AND a.attidentity <> '' AND NOT a.attisdropped`.execute(db);
  for (const { col } of cols.rows) {
    await sql`SELECT setval(pg_get_serial_sequence(${table}, ${col}),
      coalesce((SELECT max(${ident(col)}) FROM ${ident(table)}), 0) + 1, false)`.execute(db);
  }
}
