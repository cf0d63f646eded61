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
      name_sealed: cipher.seal(name, 'resident.name'),
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
