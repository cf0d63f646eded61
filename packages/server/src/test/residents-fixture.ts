/**
 * Minimal residents for the programmes tests: a sealed name (the test cipher) and the plain facts
 * the rules read. The residents module builds the real index; these rows only stand in for it.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/types';
import { SYSTEM_ACTOR } from '../modules/audit';
import { addOrgUnits } from '../modules/orgunits';
import { testCipher } from './app';

export interface ResidentSeed {
  sex?: 'M' | 'F' | 'U';
  birthDate: string;
  homeUnit: string;
  deathDate?: string | null;
  name?: string;
  synthetic?: boolean;
}

/** Insert one resident (name sealed with the test cipher); returns the id. */
export async function insertResident(db: Kysely<DB>, seed: ResidentSeed): Promise<number> {
  const cipher = testCipher();
  const name = seed.name ?? '张三';
  const at = new Date('2026-01-01T00:00:00Z');
  const row = await db
    .insertInto('residents')
    .values({
      sex: seed.sex ?? 'M',
      birth_date: seed.birthDate,
      death_date: seed.deathDate ?? null,
      home_unit: seed.homeUnit,
      name_sealed: cipher.seal(name, 'residents.name'),
      name_lookup: cipher.lookup('name', name),
      synthetic: seed.synthetic ?? false,
      created_by: 'fixture',
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A street with two facilities below a district, for enrolments and transfers; returns their codes. */
export async function addFacilities(
  db: Kysely<DB>,
  district: string,
  tag: string
): Promise<{ street: string; facilities: [string, string] }> {
  const street = `${district}${tag}`;
  const facilities: [string, string] = [`${street}F1`, `${street}F2`];
  await addOrgUnits(db, SYSTEM_ACTOR, [
    { code: street, name: `街道${tag}`, level: 'street', parentCode: district },
    ...facilities.map((code, i) => ({
      code,
      name: `社康${tag}${String(i + 1)}`,
      level: 'facility' as const,
      parentCode: street,
      facilityType: '社区卫生服务站',
    })),
  ]);
  return { street, facilities };
}

/**
 * A 66-year-old resident of a district enrolled in hypertension management at a facility since
 * 5 January 2026, with one clinic follow-up on 1 February; returns the ids. Rows are inserted
 * directly (cheap, for the route walk): the next save through the service counts them.
 */
export async function enrolledResident(
  db: Kysely<DB>,
  district: string,
  facility: string
): Promise<{ residentId: number; eventId: number }> {
  const residentId = await insertResident(db, { birthDate: '1960-01-01', homeUnit: district });
  const at = new Date('2026-06-01T08:00:00Z');
  await db
    .insertInto('programme_enrolments')
    .values({
      resident_id: residentId,
      programme: 'HTN',
      start_date: '2026-01-05',
      owner_unit: facility,
      created_by: 'fixture',
      created_at: at,
    })
    .execute();
  const event = await db
    .insertInto('programme_events')
    .values({
      resident_id: residentId,
      programme: 'HTN',
      type: 'follow-up',
      date: '2026-02-01',
      fields: JSON.stringify({ mode: 'clinic', sbp: 132, dbp: 84, classification: 'controlled' }),
      facility_unit: facility,
      recorded_by: 'fixture',
      recorded_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { residentId, eventId: event.id };
}
