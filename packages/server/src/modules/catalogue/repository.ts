/** SQL for the database's copy of the catalogue: data elements, data sets and their elements. */
import { sql, type Kysely } from 'kysely';
import type { DataElement, DataSet } from '@weijian/core';
import type { DB } from '../../db/types';

/** Insert or update a data element when it differs; returns the rows changed (0 or 1). */
export async function upsertDataElement(db: Kysely<DB>, de: DataElement): Promise<number> {
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
  return Number(r.numInsertedOrUpdatedRows ?? 0);
}

/** Insert or update a data set's header when it differs; returns the rows changed (0 or 1). */
export async function upsertDataSet(db: Kysely<DB>, ds: DataSet): Promise<number> {
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
  return Number(r.numInsertedOrUpdatedRows ?? 0);
}

/** A data set's elements in order. */
export async function dataSetElements(db: Kysely<DB>, dataSet: string): Promise<string[]> {
  const rows = await db
    .selectFrom('data_set_elements')
    .select(['element', 'position'])
    .where('data_set', '=', dataSet)
    .orderBy('position')
    .execute();
  return rows.map((r) => r.element);
}

/** Replace a data set's elements. */
export async function replaceDataSetElements(
  db: Kysely<DB>,
  dataSet: string,
  elements: readonly string[]
): Promise<void> {
  await db.deleteFrom('data_set_elements').where('data_set', '=', dataSet).execute();
  await db
    .insertInto('data_set_elements')
    .values(elements.map((element, position) => ({ data_set: dataSet, element, position })))
    .execute();
}
