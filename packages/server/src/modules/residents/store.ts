/**
 * Writing checked residents: every identifying value sealed for its place, look-up hashes beside
 * it, blocking-key hashes for duplicate search, a household founded when asked, the health record
 * opened when a facility is named. Batched, inside the caller's transaction, for one resident or
 * a whole file alike.
 */
import type { FieldCipher } from '../../crypto/field-cipher';
import type { Db } from '../../db/connection';
import { actedAt, type Actor } from '../audit';
import type { CheckedResident } from './checks';
import { blockingHashes, identifierLookup, nameLookup, PLACE, phoneLookup } from './identity';
import * as records from './repository/records';
import * as repo from './repository/residents';

/** Store checked residents; their new ids in input order. */
export async function storeResidents(
  tx: Db,
  cipher: FieldCipher,
  actor: Actor,
  checked: readonly CheckedResident[],
  today: string
): Promise<number[]> {
  const at = actedAt(actor);
  const households: (number | null)[] = [];
  for (const c of checked) {
    if (c.input.newHousehold) {
      households.push(
        await repo.insertHousehold(tx, {
          addressUnit: c.input.homeUnit,
          addressSealed: c.input.address ? cipher.seal(c.input.address, PLACE.householdAddress) : null,
          synthetic: c.input.synthetic ?? false,
          at,
        })
      );
    } else households.push(c.input.householdId ?? null);
  }
  const ids = await repo.insertResidents(
    tx,
    checked.map((c, i) => ({
      sex: c.input.sex,
      birthDate: c.input.birthDate,
      deathDate: c.input.deathDate ?? null,
      homeUnit: c.input.homeUnit,
      householdId: households[i] ?? null,
      nameSealed: cipher.seal(c.input.name, PLACE.name),
      nameLookup: nameLookup(cipher, c.input.name),
      phoneSealed: c.input.phone ? cipher.seal(c.input.phone, PLACE.phone) : null,
      phoneLookup: phoneLookup(cipher, c.input.phone),
      addressSealed: c.input.address ? cipher.seal(c.input.address, PLACE.address) : null,
      synthetic: c.input.synthetic ?? false,
      createdBy: actor.name,
      at,
    }))
  );
  const identifiers: repo.NewIdentifier[] = [];
  const blocking: { residentId: number; keyHash: string }[] = [];
  const opened: Parameters<typeof records.insertRecords>[1][number][] = [];
  checked.forEach((c, i) => {
    const residentId = ids[i] as number;
    c.identifiers.forEach((id, j) =>
      identifiers.push({
        residentId,
        kind: id.kind,
        valueSealed: cipher.seal(id.normalized, PLACE.identifier),
        valueLookup: identifierLookup(cipher, id.kind, id.normalized),
        isPrimary: j === 0,
        at,
      })
    );
    for (const keyHash of blockingHashes(cipher, c.prepared)) blocking.push({ residentId, keyHash });
    if (c.input.recordFacility) {
      opened.push({
        residentId,
        ownerUnit: c.input.recordFacility,
        openedOn: today,
        basic: {},
        by: actor.name,
        at,
      });
    }
  });
  await repo.insertIdentifiers(tx, identifiers);
  await repo.insertBlocking(tx, blocking);
  await records.insertRecords(tx, opened);
  return ids;
}
