/**
 * Traceability (疫苗全程电子追溯): who received a lot. One query on the normalised-lot index, limited
 * to children living, or vaccinated, in the caller's scope; every person returned is a logged read.
 */
import { normalizeLot, type LotRecipient } from '@weijian/core';
import type { FieldCipher } from '../../crypto/field-cipher';
import type { Db } from '../../db/connection';
import { showChild, type Caller } from './people';
import * as repo from './repository';

/** Everyone in the scope who received a lot (however the lot was typed), oldest dose first. */
export async function lotLookup(
  db: Db,
  cipher: FieldCipher | undefined,
  caller: Caller,
  now: Date,
  lot: string,
  manufacturer?: string
): Promise<{ lot: string; recipients: LotRecipient[] }> {
  const norm = normalizeLot(lot);
  const rows = await repo.lotRecipients(db, norm, manufacturer, caller.orgUnitCode);
  const people = [...new Set(rows.map((r) => r.residentId))];
  await repo.logReads(
    db,
    people.map((residentId) => ({
      userId: caller.id,
      actor: caller.username,
      residentId,
      purpose: `lot look-up 批号追溯 ${norm}`,
      at: now,
    }))
  );
  return {
    lot: norm,
    recipients: rows.map((r) => ({
      immunizationId: r.id,
      resident: showChild(r.child, caller, cipher),
      vaccine: r.vaccine,
      dose: r.dose,
      date: r.date,
      manufacturer: r.manufacturer,
      lot: r.lot,
      clinic: r.clinic,
    })),
  };
}
