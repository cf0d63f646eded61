/** `weijian demo remove`: every synthetic value and unit goes, in one transaction, indicators rolled up again. */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { writeAudit, type Actor } from '../audit';
import { rollupSlices } from '../data/rollup';

export async function removeDemo(db: Kysely<DB>, actor: Actor): Promise<{ values: number; units: number }> {
  return db.transaction().execute(async (tx) => {
    const slices = await sql<{
      element: string;
      period: string;
    }>`SELECT DISTINCT element, period FROM data_values WHERE synthetic`.execute(tx);
    const values = await tx.deleteFrom('data_values').where('synthetic', '=', true).executeTakeFirst();
    // Surveillance demo: signals, case cards (their history and identifiers cascade) and sentinel counts.
    await sql`DELETE FROM signals s USING org_units u WHERE s.synthetic OR (u.code = s.unit_code AND u.synthetic)`.execute(
      tx
    );
    await sql`DELETE FROM case_reports c USING org_units u WHERE c.synthetic OR (u.synthetic AND u.code IN (c.reporting_unit, c.residence_unit))`.execute(
      tx
    );
    await sql`DELETE FROM syndromic_counts s USING org_units u WHERE s.synthetic OR (u.code = s.site_unit AND u.synthetic)`.execute(
      tx
    );
    await sql`DELETE FROM data_values v USING org_units u WHERE u.code = v.org_unit AND u.synthetic`.execute(
      tx
    );
    await sql`DELETE FROM validation_results r USING org_units u WHERE u.code = r.org_unit AND u.synthetic`.execute(
      tx
    );
    await sql`DELETE FROM approvals a USING org_units u WHERE u.code = a.org_unit AND u.synthetic`.execute(
      tx
    );
    await rollupSlices(tx, slices.rows);
    await sql`DELETE FROM agg_values a USING org_units u WHERE u.code = a.org_unit AND u.synthetic`.execute(
      tx
    );
    await sql`DELETE FROM org_unit_parents p USING org_units u WHERE u.code = p.code AND u.synthetic`.execute(
      tx
    );
    await sql`UPDATE users SET disabled = true WHERE org_unit_code IN (SELECT code FROM org_units WHERE synthetic)`.execute(
      tx
    );
    let units = 0;
    for (const rank of [5, 4, 3, 2, 1]) {
      const r =
        await sql`DELETE FROM org_units WHERE synthetic AND level_rank = ${rank} AND code NOT IN (SELECT org_unit_code FROM users)`.execute(
          tx
        );
      units += Number(r.numAffectedRows ?? 0);
    }
    await writeAudit(tx, actor, {
      action: 'remove',
      entity: 'demo',
      entityId: 'synthetic',
      details: { values: Number(values.numDeletedRows), units },
    });
    return { values: Number(values.numDeletedRows), units };
  });
}
