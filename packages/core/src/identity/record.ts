/**
 * A resident record as the matcher reads it, and its prepared (normalized) form. The schema is
 * shared by the command line (`weijian resident match`) and the HTTP layer.
 */
import { z } from 'zod';
import { birthDateDigits } from './dates';
import { detectIdentifier, parseIdentifier, IDENTIFIER_KINDS, type IdentifierKind } from './identifiers';
import { addressTokens, normalizeName, normalizePhone } from './normalize';
import { fuzzySyllable, nameSyllables, surnameLength } from './pinyin';
import { cleanIdText } from './resident-id';

const text = z.string().max(500).nullish();

/** One resident as sent for matching. Every field may be missing; none is trusted. */
export const residentRecordSchema = z.object({
  name: text,
  /** M/F, 男/女, male/female, or GB/T 2261.1 codes 1 (male) / 2 (female); 0 and 9 mean unknown. */
  sex: text,
  /** 1985-03-12, 19850312, 1985/3/12 or 1985年3月12日. */
  birthDate: text,
  /** Any identifier; its kind is recognised unless `idType` says it. */
  idNumber: text,
  idType: z.enum(IDENTIFIER_KINDS).nullish(),
  phone: text,
  address: text,
});

export type ResidentRecord = z.infer<typeof residentRecordSchema>;

/** A record normalized once, so that comparing it with many others costs no re-parsing. */
export interface PreparedResident {
  /** Normalized name, '' when missing or a placeholder. */
  name: string;
  /** Toneless pinyin, one syllable per character, separated by spaces. */
  pinyin: string;
  /** Fuzzy pinyin of the whole name, likewise. */
  fuzzy: string;
  /** Characters of the surname at the start of `name`. */
  surnameLength: number;
  /** Eight digits, '' when missing. Filled from a valid ID when the record has none. */
  birth: string;
  sex: 'M' | 'F' | '';
  /** Phone digits, '' when missing. */
  phone: string;
  /** Address parts (see addressTokens) joined by '|', '' when missing: one string keeps a million records small. */
  address: string;
  /** Kind and normalized number of a valid identifier; '' when there is none. */
  idKind: IdentifierKind | '';
  id: string;
  /** The cleaned text of an identifier that did not validate, '' when none: a typo is still evidence. */
  idRaw: string;
}

const MALE = new Set(['M', 'MALE', '男', '1']);
const FEMALE = new Set(['F', 'FEMALE', '女', '2']);
const UNKNOWN = new Set(['', '0', '9', 'U', 'UNKNOWN', '未知', '未说明', '不详']);

/** M, F, '' (unknown) — or null when the text is not a sex at all. */
export function normalizeSex(sex: string | null | undefined): 'M' | 'F' | '' | null {
  const s = (sex ?? '').normalize('NFKC').trim().toUpperCase();
  if (MALE.has(s)) return 'M';
  if (FEMALE.has(s)) return 'F';
  if (UNKNOWN.has(s)) return '';
  return null;
}

export interface PrepareOptions {
  /** Today as YYYY-MM-DD: identifiers with a later birth date are not valid. */
  today?: string;
}

/** Normalizes a record for comparison. Never throws: what cannot be read counts as missing. */
export function prepareResident(r: ResidentRecord, options: PrepareOptions = {}): PreparedResident {
  const name = normalizeName(r.name);
  const syllables = nameSyllables(name);
  let birth = r.birthDate ? (birthDateDigits(r.birthDate) ?? '') : '';
  let sex = normalizeSex(r.sex) ?? '';
  const phone = normalizePhone(r.phone);
  let idKind: IdentifierKind | '' = '';
  let id = '';
  let idRaw = '';
  if (r.idNumber && r.idNumber.trim() !== '') {
    const parsed = r.idType
      ? parseIdentifier(r.idType, r.idNumber, options)
      : detectIdentifier(r.idNumber, options);
    if (parsed.ok) {
      idKind = parsed.identifier.kind;
      id = parsed.identifier.normalized;
      const ident = parsed.identifier;
      if ('birthDate' in ident && birth === '') birth = ident.birthDate.replace(/-/g, '');
      if ('sex' in ident && ident.sex && sex === '') sex = ident.sex;
    } else {
      idRaw = cleanIdText(r.idNumber);
    }
  }
  return {
    name,
    pinyin: syllables.join(' '),
    fuzzy: syllables.map(fuzzySyllable).join(' '),
    surnameLength: name === '' ? 0 : surnameLength(name),
    birth,
    sex,
    phone: phone?.digits ?? '',
    address: addressTokens(r.address).join('|'),
    idKind,
    id,
    idRaw,
  };
}
