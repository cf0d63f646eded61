/** SQL that removes the surveillance demo: synthetic signals, case cards and sentinel counts. */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/types';

/**
 * Delete what is synthetic or belongs to a synthetic unit: signals, case cards (their history and
 * identifiers cascade) and sentinel counts.
 */
export async function deleteSyntheticSurveillance(db: Kysely<DB>): Promise<void> {
  await sql`DELETE FROM signals s USING org_units u WHERE s.synthetic OR (u.code = s.unit_code AND u.synthetic)`.execute(
    db
  );
  await sql`DELETE FROM case_reports c USING org_units u WHERE c.synthetic OR (u.synthetic AND u.code IN (c.reporting_unit, c.residence_unit))`.execute(
    db
  );
  await sql`DELETE FROM syndromic_counts s USING org_units u WHERE s.synthetic OR (u.code = s.site_unit AND u.synthetic)`.execute(
    db
  );
}
