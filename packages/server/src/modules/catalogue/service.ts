/**
 * Mirrors the catalogue's data elements and data sets into the database, so data values can
 * reference them and SQL can read aggregation types. Writes only what differs: a second start
 * changes nothing.
 */
import type { Catalogue } from '@weijian/core';
import type { Db } from '../../db/connection';
import * as repo from './repository';

/** Upsert data elements and data sets; returns how many rows changed. */
export async function syncCatalogue(db: Db, catalogue: Catalogue): Promise<number> {
  let changed = 0;
  for (const de of catalogue.dataElements) changed += await repo.upsertDataElement(db, de);
  for (const ds of catalogue.dataSets) {
    changed += await repo.upsertDataSet(db, ds);
    const current = await repo.dataSetElements(db, ds.code);
    if (current.join(',') !== ds.elements.join(',')) {
      await repo.replaceDataSetElements(db, ds.code, ds.elements);
      changed += ds.elements.length;
    }
  }
  return changed;
}
