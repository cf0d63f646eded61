/** SQL for health records (WS 365 basic data, checked on read) and their transfers between facilities. */
import { sql, type Kysely } from 'kysely';
import { healthRecordBasicSchema, type HealthRecordBasic } from '@weijian/core';
import type { DB } from '../../../db/types';
import { parseColumn } from '../../../db/json-column';

type Db = Kysely<DB>;

/** A health record as stored. */
export interface HealthRecordRow {
  residentId: number;
  ownerUnit: string;
  openedOn: string;
  basic: HealthRecordBasic;
  version: number;
  updatedBy: string;
  updatedAt: Date;
}

/** A resident's health record (locked when `lock`), or undefined. */
export async function findRecord(
  db: Db,
  residentId: number,
  lock = false
): Promise<HealthRecordRow | undefined> {
  let q = db
    .selectFrom('health_records')
    .select([
      'resident_id',
      'owner_unit',
      sql<string>`opened_on::text`.as('opened_on'),
      'basic',
      'version',
      'updated_by',
      'updated_at',
    ])
    .where('resident_id', '=', residentId);
  if (lock) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  if (!r) return undefined;
  return {
    residentId: r.resident_id,
    ownerUnit: r.owner_unit,
    openedOn: r.opened_on,
    basic: parseColumn(healthRecordBasicSchema, r.basic, {
      table: 'health_records',
      column: 'basic',
      row: r.resident_id,
    }),
    version: r.version,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  };
}

/** Open health records (in chunks). */
export async function insertRecords(
  tx: Db,
  rows: readonly {
    residentId: number;
    ownerUnit: string;
    openedOn: string;
    basic: HealthRecordBasic;
    by: string;
    at: Date;
  }[]
): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    await tx
      .insertInto('health_records')
      .values(
        rows.slice(i, i + 2000).map((r) => ({
          resident_id: r.residentId,
          owner_unit: r.ownerUnit,
          opened_on: r.openedOn,
          basic: JSON.stringify(r.basic),
          updated_by: r.by,
          updated_at: r.at,
        }))
      )
      .execute();
  }
}

/** Change a record's data if its version is still `version`. */
export async function updateRecord(
  tx: Db,
  residentId: number,
  version: number,
  basic: HealthRecordBasic,
  by: string,
  at: Date
): Promise<boolean> {
  const r = await tx
    .updateTable('health_records')
    .set({ basic: JSON.stringify(basic), version: sql<number>`version + 1`, updated_by: by, updated_at: at })
    .where('resident_id', '=', residentId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Move a record to another facility and keep the transfer. */
export async function transferRecord(
  tx: Db,
  t: { residentId: number; fromUnit: string; toUnit: string; reason: string; actor: string; at: Date }
): Promise<void> {
  await tx
    .updateTable('health_records')
    .set({ owner_unit: t.toUnit, version: sql<number>`version + 1`, updated_by: t.actor, updated_at: t.at })
    .where('resident_id', '=', t.residentId)
    .execute();
  await tx
    .insertInto('health_record_transfers')
    .values({
      resident_id: t.residentId,
      from_unit: t.fromUnit,
      to_unit: t.toUnit,
      reason: t.reason,
      actor: t.actor,
      at: t.at,
    })
    .execute();
}

/** A record's transfers, oldest first. */
export async function transfersOf(
  db: Db,
  residentId: number
): Promise<{ fromUnit: string; toUnit: string; reason: string; actor: string; at: Date }[]> {
  const rows = await db
    .selectFrom('health_record_transfers')
    .selectAll()
    .where('resident_id', '=', residentId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    fromUnit: r.from_unit,
    toUnit: r.to_unit,
    reason: r.reason,
    actor: r.actor,
    at: r.at,
  }));
}
