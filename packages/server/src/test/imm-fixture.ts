/**
 * Minimal residents for the immunization and referral tests: a sealed name (the test cipher), a
 * birth date, sex and home unit. The residents module builds the real ones; these rows have only
 * what immunization and referrals read.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/types';
import '../modules/wiring';
import { residentListeners } from '../modules/residents';
import { testCipher } from './app';

let counter = 0;

/** Insert a resident and return its id. */
export async function insertChild(
  db: Kysely<DB>,
  child: {
    birthDate: string;
    homeUnit: string;
    sex?: 'M' | 'F';
    name?: string;
    synthetic?: boolean;
    deathDate?: string;
  },
  now = new Date('2026-03-01T02:00:00Z'),
  notify = true
): Promise<number> {
  const cipher = testCipher();
  const name = child.name ?? `测试儿童${String(++counter)}`;
  const at = new Date('2026-01-01T00:00:00Z');
  const row = await db
    .insertInto('residents')
    .values({
      sex: child.sex ?? 'F',
      birth_date: child.birthDate,
      death_date: child.deathDate ?? null,
      home_unit: child.homeUnit,
      household_id: null,
      merged_into: null,
      name_sealed: cipher.seal(name, 'residents.name'),
      name_lookup: cipher.lookup('name', name),
      synthetic: child.synthetic ?? false,
      created_by: 'fixture',
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // What the residents module does when it registers someone: tell every listener.
  if (!notify) return row.id;
  await db.transaction().execute(async (tx) => {
    for (const l of residentListeners()) {
      await l.residentsChanged(tx, [row.id], { actor: 'fixture', at: now });
    }
  });
  return row.id;
}
