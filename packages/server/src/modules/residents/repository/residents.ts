/**
 * SQL for the resident index: residents, their identifiers, households and blocking keys. Only
 * sealed values and look-up hashes pass through here; nothing in this file sees a clear name.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/types';
import type { StoredKind } from '../identity';

type Db = Kysely<DB>;

/** Rows per INSERT statement: large enough to be fast, small enough for the 65,535-parameter limit. */
const CHUNK = 2000;

function chunks<T>(rows: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** A resident row as stored (dates as YYYY-MM-DD text). */
export interface ResidentRow {
  id: number;
  sex: 'M' | 'F' | 'U';
  birthDate: string;
  deathDate: string | null;
  homeUnit: string;
  householdId: number | null;
  status: 'active' | 'merged' | 'moved_away';
  mergedInto: number | null;
  nameSealed: string;
  nameLookup: string;
  phoneSealed: string | null;
  phoneLookup: string | null;
  addressSealed: string | null;
  synthetic: boolean;
  version: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The columns a new resident is written with. */
export interface NewResident {
  sex: 'M' | 'F' | 'U';
  birthDate: string;
  deathDate: string | null;
  homeUnit: string;
  householdId: number | null;
  nameSealed: string;
  nameLookup: string;
  phoneSealed: string | null;
  phoneLookup: string | null;
  addressSealed: string | null;
  synthetic: boolean;
  createdBy: string;
  at: Date;
}

/** An identifier row as stored. */
export interface IdentifierRow {
  id: number;
  residentId: number;
  kind: StoredKind;
  valueSealed: string;
  valueLookup: string;
  isPrimary: boolean;
  active: boolean;
  createdAt: Date;
}

function residentQuery(db: Db) {
  return db
    .selectFrom('residents')
    .select([
      'id',
      'sex',
      sql<string>`birth_date::text`.as('birth_date'),
      sql<string | null>`death_date::text`.as('death_date'),
      'home_unit',
      'household_id',
      'status',
      'merged_into',
      'name_sealed',
      'name_lookup',
      'phone_sealed',
      'phone_lookup',
      'address_sealed',
      'synthetic',
      'version',
      'created_by',
      'created_at',
      'updated_at',
    ]);
}

type RawResident = Awaited<ReturnType<ReturnType<typeof residentQuery>['execute']>>[number];

function toResident(r: RawResident): ResidentRow {
  return {
    id: r.id,
    sex: r.sex,
    birthDate: r.birth_date,
    deathDate: r.death_date,
    homeUnit: r.home_unit,
    householdId: r.household_id,
    status: r.status,
    mergedInto: r.merged_into,
    nameSealed: r.name_sealed,
    nameLookup: r.name_lookup,
    phoneSealed: r.phone_sealed,
    phoneLookup: r.phone_lookup,
    addressSealed: r.address_sealed,
    synthetic: r.synthetic,
    version: r.version,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Residents by id (any status), in id order. */
export async function residentsByIds(db: Db, ids: readonly number[]): Promise<ResidentRow[]> {
  if (ids.length === 0) return [];
  const rows = await residentQuery(db)
    .where('id', 'in', [...ids])
    .orderBy('id')
    .execute();
  return rows.map(toResident);
}

/** One resident, locked for the rest of the transaction (FOR UPDATE). */
export async function lockResidents(tx: Db, ids: readonly number[]): Promise<ResidentRow[]> {
  if (ids.length === 0) return [];
  const rows = await residentQuery(tx)
    .where('id', 'in', [...ids])
    .orderBy('id')
    .forUpdate()
    .execute();
  return rows.map(toResident);
}

/**
 * Insert residents; their ids in input order. One statement per 10,000 rows, each column sent as
 * one array and spread by `unnest`: a handful of parameters instead of fourteen per row, which is
 * what makes bulk imports fast on both engines.
 */
export async function insertResidents(tx: Db, rows: readonly NewResident[]): Promise<number[]> {
  const ids: number[] = [];
  for (const c of chunks(rows, 10_000)) {
    const col = <T>(f: (r: NewResident) => T): T[] => c.map(f);
    const out = await sql<{ id: number }>`
      INSERT INTO residents (sex, birth_date, death_date, home_unit, household_id, name_sealed, name_lookup,
        phone_sealed, phone_lookup, address_sealed, synthetic, created_by, created_at, updated_at)
      SELECT u.sex, u.birth_date, u.death_date, u.home_unit, u.household_id, u.name_sealed, u.name_lookup,
        u.phone_sealed, u.phone_lookup, u.address_sealed, u.synthetic, u.created_by, u.at, u.at
      FROM unnest(${col((r) => r.sex)}::text[], ${col((r) => r.birthDate)}::date[],
        ${col((r) => r.deathDate)}::date[], ${col((r) => r.homeUnit)}::text[],
        ${col((r) => r.householdId)}::int[], ${col((r) => r.nameSealed)}::text[],
        ${col((r) => r.nameLookup)}::text[], ${col((r) => r.phoneSealed)}::text[],
        ${col((r) => r.phoneLookup)}::text[], ${col((r) => r.addressSealed)}::text[],
        ${col((r) => r.synthetic)}::boolean[], ${col((r) => r.createdBy)}::text[],
        ${col((r) => r.at.toISOString())}::timestamptz[])
        WITH ORDINALITY AS u(sex, birth_date, death_date, home_unit, household_id, name_sealed, name_lookup,
          phone_sealed, phone_lookup, address_sealed, synthetic, created_by, at, n)
      ORDER BY u.n
      RETURNING id`.execute(tx);
    // Identity values are drawn in the order rows are inserted, which ORDER BY u.n fixes.
    const got = out.rows.map((r) => r.id).sort((a, b) => a - b);
    for (const id of got) ids.push(id);
  }
  return ids;
}

/** The columns an update may change. */
export interface ResidentPatch {
  sex: 'M' | 'F' | 'U';
  birthDate: string;
  deathDate: string | null;
  homeUnit: string;
  householdId: number | null;
  status: 'active' | 'moved_away';
  nameSealed: string;
  nameLookup: string;
  phoneSealed: string | null;
  phoneLookup: string | null;
  addressSealed: string | null;
}

/** Write a changed resident if its version is still `version`; false when someone else was first. */
export async function updateResident(
  tx: Db,
  id: number,
  version: number,
  p: ResidentPatch,
  at: Date
): Promise<boolean> {
  const r = await tx
    .updateTable('residents')
    .set({
      sex: p.sex,
      birth_date: p.birthDate,
      death_date: p.deathDate,
      home_unit: p.homeUnit,
      household_id: p.householdId,
      status: p.status,
      name_sealed: p.nameSealed,
      name_lookup: p.nameLookup,
      phone_sealed: p.phoneSealed,
      phone_lookup: p.phoneLookup,
      address_sealed: p.addressSealed,
      version: sql<number>`version + 1`,
      updated_at: at,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Mark a resident merged into another (bumps the version). */
export async function setMerged(tx: Db, id: number, survivorId: number, at: Date): Promise<void> {
  await tx
    .updateTable('residents')
    .set({ status: 'merged', merged_into: survivorId, version: sql<number>`version + 1`, updated_at: at })
    .where('id', '=', id)
    .execute();
}

/** Put back a resident's status, merged_into, version and updated_at exactly as a snapshot had them. */
export async function restoreStatus(
  tx: Db,
  id: number,
  s: {
    status: 'active' | 'merged' | 'moved_away';
    mergedInto: number | null;
    version: number;
    updatedAt: string;
  }
): Promise<void> {
  await tx
    .updateTable('residents')
    .set({ status: s.status, merged_into: s.mergedInto, version: s.version, updated_at: s.updatedAt })
    .where('id', '=', id)
    .execute();
}

/** Active identifiers of residents, primary first. */
export async function identifiersOf(db: Db, residentIds: readonly number[]): Promise<IdentifierRow[]> {
  if (residentIds.length === 0) return [];
  const rows = await db
    .selectFrom('resident_identifiers')
    .selectAll()
    .where('resident_id', 'in', [...residentIds])
    .where('active', '=', true)
    .orderBy('resident_id')
    .orderBy('is_primary', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    residentId: r.resident_id,
    kind: r.kind,
    valueSealed: r.value_sealed,
    valueLookup: r.value_lookup,
    isPrimary: r.is_primary,
    active: r.active,
    createdAt: r.created_at,
  }));
}

/** A new identifier row. */
export interface NewIdentifier {
  residentId: number;
  kind: StoredKind;
  valueSealed: string;
  valueLookup: string;
  isPrimary: boolean;
  at: Date;
}

/** Insert identifiers; one array per column per 20,000 rows. */
export async function insertIdentifiers(tx: Db, rows: readonly NewIdentifier[]): Promise<void> {
  for (const c of chunks(rows, 20_000)) {
    await sql`
      INSERT INTO resident_identifiers (resident_id, kind, value_sealed, value_lookup, is_primary, created_at)
      SELECT * FROM unnest(${c.map((r) => r.residentId)}::int[], ${c.map((r) => r.kind)}::text[],
        ${c.map((r) => r.valueSealed)}::text[], ${c.map((r) => r.valueLookup)}::text[],
        ${c.map((r) => r.isPrimary)}::boolean[], ${c.map((r) => r.at.toISOString())}::timestamptz[])`.execute(
      tx
    );
  }
}

/** Remove a resident's identifiers (before writing the new set of an update). */
export async function deleteIdentifiers(tx: Db, residentId: number): Promise<void> {
  await tx.deleteFrom('resident_identifiers').where('resident_id', '=', residentId).execute();
}

/** Residents holding any of these active identifiers (kind + look-up hash). */
export async function holdersOf(
  db: Db,
  keys: readonly { kind: StoredKind; lookup: string }[]
): Promise<{ kind: StoredKind; lookup: string; residentId: number }[]> {
  if (keys.length === 0) return [];
  const out: { kind: StoredKind; lookup: string; residentId: number }[] = [];
  for (const chunk of chunks(keys, 5000)) {
    const rows = await db
      .selectFrom('resident_identifiers')
      .select(['kind', 'value_lookup', 'resident_id'])
      .where('active', '=', true)
      .where(
        'value_lookup',
        'in',
        chunk.map((k) => k.lookup)
      )
      .execute();
    const wanted = new Set(chunk.map((k) => `${k.kind}\u0000${k.lookup}`));
    for (const r of rows) {
      if (wanted.has(`${r.kind}\u0000${r.value_lookup}`)) {
        out.push({ kind: r.kind, lookup: r.value_lookup, residentId: r.resident_id });
      }
    }
  }
  return out;
}

/** Ids of residents (not merged away) whose name or phone look-up hash is this, optionally born on a day. */
export async function idsByLookup(
  db: Db,
  column: 'name_lookup' | 'phone_lookup',
  lookup: string,
  birthDate: string | undefined,
  limit: number
): Promise<number[]> {
  let q = db.selectFrom('residents').select('id').where(column, '=', lookup).where('status', '<>', 'merged');
  if (birthDate) q = q.where('birth_date', '=', birthDate);
  const rows = await q.orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}

/** Insert a household; its id. */
export async function insertHousehold(
  tx: Db,
  h: { addressUnit: string; addressSealed: string | null; synthetic: boolean; at: Date }
): Promise<number> {
  const r = await tx
    .insertInto('households')
    .values({
      address_unit: h.addressUnit,
      address_sealed: h.addressSealed,
      synthetic: h.synthetic,
      created_at: h.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** A household's unit, or undefined when there is none with this id. */
export async function findHousehold(db: Db, id: number): Promise<{ addressUnit: string } | undefined> {
  const r = await db.selectFrom('households').select('address_unit').where('id', '=', id).executeTakeFirst();
  return r ? { addressUnit: r.address_unit } : undefined;
}

/** Add blocking-key hashes of residents (duplicates ignored); two arrays per 50,000 rows. */
export async function insertBlocking(
  tx: Db,
  rows: readonly { residentId: number; keyHash: string }[]
): Promise<void> {
  for (const c of chunks(rows, 50_000)) {
    await sql`
      INSERT INTO resident_blocking (resident_id, key_hash)
      SELECT * FROM unnest(${c.map((r) => r.residentId)}::int[], ${c.map((r) => r.keyHash)}::text[])
      ON CONFLICT DO NOTHING`.execute(tx);
  }
}

/** Replace a resident's blocking keys (after an update changed what they are built from). */
export async function replaceBlocking(tx: Db, residentId: number, hashes: readonly string[]): Promise<void> {
  await tx.deleteFrom('resident_blocking').where('resident_id', '=', residentId).execute();
  await insertBlocking(
    tx,
    hashes.map((keyHash) => ({ residentId, keyHash }))
  );
}

/**
 * Active residents sharing a blocking key with the given hashes, with the hashes they share.
 * Keys shared by more than `maxBlock` residents (a switchboard phone) are skipped, as the core
 * blocking does.
 */
export async function blockMates(
  db: Db,
  hashes: readonly string[],
  maxBlock = 200
): Promise<{ residentId: number; keyHash: string }[]> {
  if (hashes.length === 0) return [];
  const out: { residentId: number; keyHash: string }[] = [];
  for (const chunk of chunks(hashes, 5000)) {
    const rows = await db
      .selectFrom('resident_blocking as b')
      .innerJoin('residents as r', 'r.id', 'b.resident_id')
      .select(['b.resident_id', 'b.key_hash'])
      .where('b.key_hash', 'in', chunk)
      .where('r.status', '=', 'active')
      .where('b.key_hash', 'not in', (eb) =>
        eb
          .selectFrom('resident_blocking')
          .select('key_hash')
          .where('key_hash', 'in', chunk)
          .groupBy('key_hash')
          .having(sql`count(*)`, '>', maxBlock)
      )
      .execute();
    for (const r of rows) out.push({ residentId: r.resident_id, keyHash: r.key_hash });
  }
  return out;
}
