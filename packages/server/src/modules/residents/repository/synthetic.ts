/**
 * SQL removing the synthetic residents (a demo population) and what hangs on them: everything
 * that references a resident with ON DELETE CASCADE goes with it; merges and households do not
 * cascade and are removed here first and last.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/types';

/** Delete every synthetic resident and household; returns how many residents. */
export async function deleteSyntheticResidents(db: Kysely<DB>): Promise<number> {
  await sql`
    DELETE FROM resident_merges m USING residents r
    WHERE r.synthetic AND (m.survivor_id = r.id OR m.merged_id = r.id)`.execute(db);
  await sql`UPDATE residents SET merged_into = NULL WHERE synthetic AND merged_into IS NOT NULL`.execute(db);
  const r = await db.deleteFrom('residents').where('synthetic', '=', true).executeTakeFirst();
  await db.deleteFrom('households').where('synthetic', '=', true).execute();
  return Number(r.numDeletedRows);
}
