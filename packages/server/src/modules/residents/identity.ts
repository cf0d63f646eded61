/**
 * How a resident's identifying values are kept: validated by core identity, sealed by the field
 * cipher (each for its place, so a value moved to another column does not open), and hashed for
 * equality look-up. Names of identifier kinds differ between core (`resident-id`) and the table's
 * CHECK list (`resident_id`); the mapping lives here and nowhere else.
 */
import {
  AppError,
  blockingKeys,
  IDENTIFIER_KIND_NAMES,
  normalizeName,
  normalizePhone,
  parseIdentifier,
  prepareResident,
  type ErrorIssue,
  type Identifier,
  type IdentifierKind,
  type PreparedResident,
  type ResidentIdentifierInput,
} from '@weijian/core';
import type { FieldCipher } from '../../crypto/field-cipher';

/** Identifier kinds as the `resident_identifiers.kind` column spells them. */
export type StoredKind =
  | 'resident_id'
  | 'passport'
  | 'hk_macau_pass'
  | 'taiwan_pass'
  | 'hmt_residence'
  | 'foreign_permanent'
  | 'newborn_key';

const TO_STORED: Record<IdentifierKind, StoredKind> = {
  'resident-id': 'resident_id',
  'hmt-residence-permit': 'hmt_residence',
  'foreign-permanent-residence': 'foreign_permanent',
  passport: 'passport',
  'hk-macau-pass': 'hk_macau_pass',
  'taiwan-pass': 'taiwan_pass',
  'newborn-provisional': 'newborn_key',
};
const FROM_STORED = Object.fromEntries(Object.entries(TO_STORED).map(([k, v]) => [v, k])) as Record<
  StoredKind,
  IdentifierKind
>;

/** The stored spelling of a core identifier kind. */
export const storedKind = (k: IdentifierKind): StoredKind => TO_STORED[k];
/** The core identifier kind of a stored one. */
export const coreKind = (k: StoredKind): IdentifierKind => FROM_STORED[k];

/** Places (associated data) of the sealed columns. */
export const PLACE = {
  name: 'residents.name',
  phone: 'residents.phone',
  address: 'residents.address',
  identifier: 'resident_identifiers.value',
  householdAddress: 'households.address',
} as const;

/** The cipher, or a clear refusal when the server was started without one. */
export function cipherOf(c: FieldCipher | undefined): FieldCipher {
  if (!c) {
    throw new AppError('INTERNAL', {
      zh: '未配置居民信息加密密钥，无法保存或读取居民档案',
      en: 'No field cipher is configured: resident records cannot be stored or read',
    });
  }
  return c;
}

/** A validated identifier, ready to store. */
export interface CheckedIdentifier {
  kind: StoredKind;
  normalized: string;
  /** What the identifier itself says (resident IDs carry birth date and sex). */
  parsed: Identifier;
}

/**
 * Validate identifiers with core identity. Problems become issues naming the field
 * (`identifiers.0.value`) and, for files, the row; a kind given twice is refused.
 */
export function checkIdentifiers(
  inputs: readonly ResidentIdentifierInput[],
  today: string,
  where: { row?: number; field: (i: number) => string }
): { ok: CheckedIdentifier[]; issues: ErrorIssue[] } {
  const ok: CheckedIdentifier[] = [];
  const issues: ErrorIssue[] = [];
  const row = where.row === undefined ? {} : { row: where.row };
  inputs.forEach((input, i) => {
    const r = parseIdentifier(input.kind, input.value, {
      today,
      ...(input.issuer ? { issuer: input.issuer } : {}),
    });
    if (!r.ok) {
      const kind = IDENTIFIER_KIND_NAMES[input.kind];
      issues.push({
        ...row,
        field: where.field(i),
        value: input.value,
        message: {
          zh: `${kind.zh}号码无效：${r.reason.zh}`,
          en: `Invalid ${kind.en} number: ${r.reason.en}`,
        },
      });
      return;
    }
    const kind = storedKind(r.identifier.kind);
    if (ok.some((o) => o.kind === kind)) {
      issues.push({
        ...row,
        field: where.field(i),
        value: input.value,
        message: { zh: '同一类证件只能登记一个', en: 'Only one identifier of each kind' },
      });
      return;
    }
    ok.push({ kind, normalized: r.identifier.normalized, parsed: r.identifier });
  });
  return { ok, issues };
}

/** Look-up hashes of a name and a phone, as the columns hold them. */
export function nameLookup(cipher: FieldCipher, name: string): string {
  return cipher.lookup('name', normalizeName(name));
}

/** The phone's look-up hash over its normalised digits; null when it is no phone number. */
export function phoneLookup(cipher: FieldCipher, phone: string | null | undefined): string | null {
  const p = normalizePhone(phone);
  return p ? cipher.lookup('phone', p.digits) : null;
}

/** An identifier's look-up hash. */
export function identifierLookup(cipher: FieldCipher, kind: StoredKind, normalized: string): string {
  return cipher.lookup(`id:${kind}`, normalized);
}

/** The fields the matcher reads, in clear, for one resident. */
export interface MatchFields {
  name: string;
  sex: 'M' | 'F' | 'U';
  birthDate: string;
  phone: string | null;
  address: string | null;
  /** The primary (or first) identifier. */
  identifier: { kind: StoredKind; normalized: string } | null;
}

/** The matcher's prepared record. */
export function prepared(f: MatchFields, today: string): PreparedResident {
  return prepareResident(
    {
      name: f.name,
      sex: f.sex === 'U' ? '' : f.sex,
      birthDate: f.birthDate,
      phone: f.phone,
      address: f.address,
      idNumber: f.identifier?.normalized ?? null,
      idType: f.identifier ? coreKind(f.identifier.kind) : null,
    },
    { today }
  );
}

/** The blocking keys of a resident, hashed under the look-up key (no clear key leaves memory). */
export function blockingHashes(cipher: FieldCipher, p: PreparedResident): string[] {
  return [...new Set(blockingKeys(p).map((k) => cipher.lookup('block', `${k.kind}:${k.key}`)))];
}
