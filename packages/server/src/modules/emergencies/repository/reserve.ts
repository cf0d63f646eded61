/** SQL for the reserve: holders, lots (quantity never below zero: a CHECK guards it) and movements. */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/types';

type Db = Kysely<DB>;
const inScope = (scope: string) => `%/${scope}/%`;

export interface StoredHolder {
  code: string;
  name: string;
  kind: string;
  level: 'city' | 'district' | 'facility';
  unitCode: string;
  population: number | null;
  beds: number | null;
  capacity: boolean;
  synthetic: boolean;
}

/** Holders whose unit lies in the scope (or the one asked for). */
export async function holdersInScope(db: Db, scope: string, code?: string): Promise<StoredHolder[]> {
  let q = db
    .selectFrom('reserve_holders as h')
    .innerJoin('org_units as o', 'o.code', 'h.unit_code')
    .selectAll('h')
    .where('o.path', 'like', inScope(scope))
    .orderBy('h.level')
    .orderBy('h.code');
  if (code !== undefined) q = q.where('h.code', '=', code);
  return (await q.execute()).map((h) => ({
    code: h.code,
    name: h.name,
    kind: h.kind,
    level: h.level as StoredHolder['level'],
    unitCode: h.unit_code,
    population: h.population,
    beds: h.beds,
    capacity: h.capacity,
    synthetic: h.synthetic,
  }));
}

export async function insertHolder(
  tx: Db,
  h: Omit<StoredHolder, 'synthetic'> & { synthetic?: boolean }
): Promise<boolean> {
  const r = await tx
    .insertInto('reserve_holders')
    .values({
      code: h.code,
      name: h.name,
      kind: h.kind,
      level: h.level,
      unit_code: h.unitCode,
      population: h.population,
      beds: h.beds,
      capacity: h.capacity,
      synthetic: h.synthetic ?? false,
    })
    .onConflict((oc) => oc.column('code').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function lotsOf(db: Db, holderCodes: readonly string[]) {
  if (holderCodes.length === 0) return [];
  return db
    .selectFrom('reserve_lots')
    .select([
      'id',
      'holder_code',
      'item',
      'lot_no',
      'quantity',
      sql<string | null>`expires_on::text`.as('expires_on'),
      'synthetic',
    ])
    .where('holder_code', 'in', holderCodes)
    .orderBy('holder_code')
    .orderBy('item')
    .orderBy('expires_on')
    .execute();
}

/** Lock a holder's lots of an item for the transaction (issues and transfers read then write). */
export async function lockLots(tx: Db, holder: string, item: string) {
  return tx
    .selectFrom('reserve_lots')
    .select(['id', 'lot_no', 'quantity', sql<string | null>`expires_on::text`.as('expires_on')])
    .where('holder_code', '=', holder)
    .where('item', '=', item)
    .orderBy('id')
    .forUpdate()
    .execute();
}

export async function lotById(db: Db, id: number) {
  return db
    .selectFrom('reserve_lots')
    .select([
      'id',
      'holder_code',
      'item',
      'lot_no',
      'quantity',
      sql<string | null>`expires_on::text`.as('expires_on'),
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Add to a lot (creating it), returning its id. */
export async function addToLot(
  tx: Db,
  l: { holder: string; item: string; lotNo: string; quantity: number; expiresOn: string | null }
): Promise<number> {
  const r = await tx
    .insertInto('reserve_lots')
    .values({
      holder_code: l.holder,
      item: l.item,
      lot_no: l.lotNo,
      quantity: l.quantity,
      expires_on: l.expiresOn,
    })
    .onConflict((oc) =>
      oc.columns(['holder_code', 'item', 'lot_no']).doUpdateSet((eb) => ({
        quantity: sql`${eb.ref('reserve_lots.quantity')} + ${eb.ref('excluded.quantity')}`,
      }))
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Take from a lot; the CHECK (quantity >= 0) refuses going below zero. */
export async function takeFromLot(tx: Db, id: number, quantity: number): Promise<void> {
  await tx
    .updateTable('reserve_lots')
    .set((eb) => ({ quantity: eb('quantity', '-', quantity) }))
    .where('id', '=', id)
    .execute();
}

export async function insertMovement(
  tx: Db,
  m: {
    kind: 'receipt' | 'issue' | 'transfer_out' | 'transfer_in' | 'rotation';
    lotId: number;
    quantity: number;
    eventId: number | null;
    note: string | null;
    actor: string;
    at: Date;
  }
): Promise<void> {
  await tx
    .insertInto('reserve_movements')
    .values({
      kind: m.kind,
      lot_id: m.lotId,
      quantity: m.quantity,
      event_id: m.eventId,
      note: m.note,
      actor: m.actor,
      at: m.at,
    })
    .execute();
}

/** Quantities issued (or transferred out for an event) per holder and item since a time. */
export async function issuedSince(db: Db, holderCodes: readonly string[], since: Date) {
  if (holderCodes.length === 0) return [];
  return db
    .selectFrom('reserve_movements as m')
    .innerJoin('reserve_lots as l', 'l.id', 'm.lot_id')
    .select(['l.holder_code', 'l.item', sql<number>`sum(m.quantity)::int`.as('quantity')])
    .where('l.holder_code', 'in', holderCodes)
    .where((eb) =>
      eb.or([
        eb('m.kind', '=', 'issue'),
        eb.and([eb('m.kind', '=', 'transfer_out'), eb('m.event_id', 'is not', null)]),
      ])
    )
    .where('m.at', '>=', since)
    .groupBy(['l.holder_code', 'l.item'])
    .execute();
}
