/**
 * A resident as a caller sees it: sealed values opened, then masked (core identity/mask.ts) unless
 * the caller's role carries `resident:identifiers`. The full value never leaves the server for a
 * role that does not need it.
 */
import {
  can,
  maskAddress,
  maskIdNumber,
  maskName,
  maskPhone,
  type ResidentSummary,
  type ResidentView,
  type Role,
} from '@weijian/core';
import type { FieldCipher } from '../../crypto/field-cipher';
import { coreKind, PLACE, type MatchFields } from './identity';
import type { IdentifierRow, ResidentRow } from './repository/residents';

/** A resident's identifying values in clear (inside the server only). */
export interface OpenedResident {
  row: ResidentRow;
  name: string;
  phone: string | null;
  address: string | null;
  identifiers: { kind: IdentifierRow['kind']; value: string; primary: boolean }[];
}

/** Open a resident's sealed values. */
export function openResident(
  cipher: FieldCipher,
  row: ResidentRow,
  idents: readonly IdentifierRow[]
): OpenedResident {
  return {
    row,
    name: cipher.open(row.nameSealed, PLACE.name),
    phone: row.phoneSealed === null ? null : cipher.open(row.phoneSealed, PLACE.phone),
    address: row.addressSealed === null ? null : cipher.open(row.addressSealed, PLACE.address),
    identifiers: idents
      .filter((i) => i.residentId === row.id)
      .map((i) => ({
        kind: i.kind,
        value: cipher.open(i.valueSealed, PLACE.identifier),
        primary: i.isPrimary,
      })),
  };
}

/** What the matcher compares of an opened resident. */
export function matchFields(o: OpenedResident): MatchFields {
  const primary = o.identifiers[0];
  return {
    name: o.name,
    sex: o.row.sex,
    birthDate: o.row.birthDate,
    phone: o.phone,
    address: o.address,
    identifier: primary ? { kind: primary.kind, normalized: primary.value } : null,
  };
}

/** Whether a role sees identifiers in full. */
export const seesIdentifiers = (role: Role): boolean => can(role, 'resident:identifiers');

/** One person's record as the caller may see it. */
export function residentView(o: OpenedResident, role: Role, breakGlass: boolean): ResidentView {
  const clear = seesIdentifiers(role);
  return {
    id: o.row.id,
    name: clear ? o.name : maskName(o.name),
    sex: o.row.sex,
    birthDate: o.row.birthDate,
    deathDate: o.row.deathDate,
    homeUnit: o.row.homeUnit,
    householdId: o.row.householdId,
    status: o.row.status,
    mergedInto: o.row.mergedInto,
    phone: o.phone === null ? null : clear ? o.phone : maskPhone(o.phone),
    address: o.address === null ? null : clear ? o.address : maskAddress(o.address),
    identifiers: o.identifiers.map((i) => ({
      kind: coreKind(i.kind),
      value: clear ? i.value : maskIdNumber(i.value),
      primary: i.primary,
    })),
    masked: !clear,
    synthetic: o.row.synthetic,
    version: o.row.version,
    breakGlass,
  };
}

/** One line of a search result as the caller may see it. */
export function residentSummary(o: OpenedResident, role: Role): ResidentSummary {
  const clear = seesIdentifiers(role);
  const id = o.identifiers[0]?.value ?? null;
  return {
    id: o.row.id,
    name: clear ? o.name : maskName(o.name),
    sex: o.row.sex,
    birthDate: o.row.birthDate,
    homeUnit: o.row.homeUnit,
    status: o.row.status,
    idNumber: id === null ? null : clear ? id : maskIdNumber(id),
    phone: o.phone === null ? null : clear ? o.phone : maskPhone(o.phone),
    masked: !clear,
    synthetic: o.row.synthetic,
  };
}
