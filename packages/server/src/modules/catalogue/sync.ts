/**
 * Mirrors the catalogue's data elements and data sets into the database, so data values can
 * reference them and SQL can read aggregation types. Writes only what differs: a second start
 * changes nothing.
 */
import { sql, type Kysely } from 'kysely';
import type { Catalogue } from '@weijian/core';
import type { DB } from '../../db/types';

/** Upsert data elements and data sets; returns how many rows changed. */
export async function syncCatalogue(db: Kysely<DB>, catalogue: Catalogue): Promise<number> {
  let changed = 0;
  for (const de of catalogue.dataElements) {
    const r = await db
      .insertInto('data_elements')
      .values({
        code: de.code,
        name_zh: de.name.zh,
        name_en: de.name.en,
        value_type: de.valueType,
        aggregation_type: de.aggregationType,
        period_type: de.periodType,
        source: de.source,
      })
      .onConflict((oc) =>
        oc
          .column('code')
          .doUpdateSet((eb) => ({
            name_zh: eb.ref('excluded.name_zh'),
            name_en: eb.ref('excluded.name_en'),
            value_type: eb.ref('excluded.value_type'),
            aggregation_type: eb.ref('excluded.aggregation_type'),
            period_type: eb.ref('excluded.period_type'),
            source: eb.ref('excluded.source'),
          }))
          .where(
            sql<boolean>`(data_elements.name_zh, data_elements.name_en, data_elements.value_type, data_elements.aggregation_type, data_elements.period_type, data_elements.source) IS DISTINCT FROM (excluded.name_zh, excluded.name_en, excluded.value_type, excluded.aggregation_type, excluded.period_type, excluded.source)`
          )
      )
      .executeTakeFirst();
    changed += Number(r.numInsertedOrUpdatedRows ?? 0);
  }
  for (const ds of catalogue.dataSets) {
    const r = await db
      .insertInto('data_sets')
      .values({
        code: ds.code,
        name_zh: ds.name.zh,
        name_en: ds.name.en,
        period_type: ds.periodType,
        due_days: ds.dueDays,
        reporters: JSON.stringify(ds.reporters),
      })
      .onConflict((oc) =>
        oc
          .column('code')
          .doUpdateSet((eb) => ({
            name_zh: eb.ref('excluded.name_zh'),
            name_en: eb.ref('excluded.name_en'),
            period_type: eb.ref('excluded.period_type'),
            due_days: eb.ref('excluded.due_days'),
            reporters: eb.ref('excluded.reporters'),
          }))
          .where(
            sql<boolean>`(data_sets.name_zh, data_sets.name_en, data_sets.period_type, data_sets.due_days, data_sets.reporters) IS DISTINCT FROM (excluded.name_zh, excluded.name_en, excluded.period_type, excluded.due_days, excluded.reporters)`
          )
      )
      .executeTakeFirst();
    changed += Number(r.numInsertedOrUpdatedRows ?? 0);
    const current = await db
      .selectFrom('data_set_elements')
      .select(['element', 'position'])
      .where('data_set', '=', ds.code)
      .orderBy('position')
      .execute();
    if (current.map((c) => c.element).join(',') !== ds.elements.join(',')) {
      await db.deleteFrom('data_set_elements').where('data_set', '=', ds.code).execute();
      await db
        .insertInto('data_set_elements')
        .values(ds.elements.map((element, position) => ({ data_set: ds.code, element, position })))
        .execute();
      changed += ds.elements.length;
    }
  }
  return changed;
}
