/**
 * The identifiers a resident may present, as one typed union: 公民身份号码, 港澳台居民居住证,
 * 外国人永久居留身份证 (2017 and 2023 editions), passports, 港澳居民来往内地通行证,
 * 台湾居民来往大陆通行证, and a provisional key for a newborn without an ID yet (mother's ID +
 * birth order + 出生医学证明 number). Each kind has a parser that normalizes and validates; sources
 * for each format are in README.md.
 */
import type { Bilingual } from '../errors';
import { isCalendarDate, isoDate } from './dates';
import {
  PROVINCE_CODES,
  checkResidentId,
  cleanIdText,
  residentIdCheckChar,
  type ResidentIdOptions,
} from './resident-id';

export const IDENTIFIER_KINDS = [
  'resident-id',
  'hmt-residence-permit',
  'foreign-permanent-residence',
  'passport',
  'hk-macau-pass',
  'taiwan-pass',
  'newborn-provisional',
] as const;

export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/** Names of the kinds, as a registration clerk knows them. */
export const IDENTIFIER_KIND_NAMES: Readonly<Record<IdentifierKind, Bilingual>> = {
  'resident-id': { zh: '居民身份证', en: 'Resident identity card' },
  'hmt-residence-permit': { zh: '港澳台居民居住证', en: 'Hong Kong, Macao and Taiwan residence permit' },
  'foreign-permanent-residence': {
    zh: '外国人永久居留身份证',
    en: "Foreigner's permanent residence ID card",
  },
  passport: { zh: '护照', en: 'Passport' },
  'hk-macau-pass': {
    zh: '港澳居民来往内地通行证',
    en: 'Mainland travel permit for Hong Kong and Macao residents',
  },
  'taiwan-pass': { zh: '台湾居民来往大陆通行证', en: 'Mainland travel permit for Taiwan residents' },
  'newborn-provisional': { zh: '新生儿临时标识', en: 'Provisional newborn key' },
};

interface Base {
  /** The canonical text of the number: upper case, no spaces. */
  normalized: string;
}

/** A resident's identifier, validated. */
export type Identifier =
  | (Base & {
      kind: 'resident-id';
      birthDate: string;
      sex: 'M' | 'F';
      regionCode: string;
      converted: boolean;
    })
  | (Base & { kind: 'hmt-residence-permit'; birthDate: string; sex: 'M' | 'F'; region: 'HK' | 'MO' | 'TW' })
  | (Base & {
      kind: 'foreign-permanent-residence';
      edition: 2017 | 2023;
      /** ISO 3166-1 alpha-3 (2017 edition) or numeric (2023 edition) nationality code. */
      nationality: string;
      /** Province code of the office that accepted the application. */
      provinceCode: string;
      birthDate: string;
      /** Only the 2023 edition's sequence encodes sex (odd = male), as the resident ID does. */
      sex: 'M' | 'F' | null;
    })
  | (Base & { kind: 'passport'; issuer: 'CHN' | 'other' })
  | (Base & { kind: 'hk-macau-pass'; region: 'HK' | 'MO' })
  | (Base & { kind: 'taiwan-pass' })
  | (Base & {
      kind: 'newborn-provisional';
      motherId: string;
      birthOrder: number;
      birthCertificate: string;
    });

export type IdentifierResult = { ok: true; identifier: Identifier } | { ok: false; reason: Bilingual };

export interface IdentifierOptions extends ResidentIdOptions {
  /** For passports: the issuing state as ISO 3166-1 alpha-3 when known (CHN applies China's formats). */
  issuer?: string;
}

const bad = (zh: string, en: string): IdentifierResult => ({ ok: false, reason: { zh, en } });

/** Validates `value` as an identifier of the given kind. */
export function parseIdentifier(
  kind: IdentifierKind,
  value: string,
  options: IdentifierOptions = {}
): IdentifierResult {
  const text = cleanIdText(value);
  switch (kind) {
    case 'resident-id':
    case 'hmt-residence-permit': {
      const c = checkResidentId(text, options);
      if (
        !c.valid ||
        c.normalized === null ||
        c.birthDate === null ||
        c.sex === null ||
        c.regionCode === null
      ) {
        return { ok: false, reason: c.reason ?? { zh: '号码无效', en: 'Invalid number' } };
      }
      if (c.kind !== kind) {
        return kind === 'resident-id'
          ? bad(
              '地址码 810000/820000/830000 是港澳台居民居住证号码',
              'Region code 810000/820000/830000 marks a Hong Kong, Macao or Taiwan residence permit'
            )
          : bad(
              '港澳台居民居住证号码以 810000、820000 或 830000 开头',
              'A Hong Kong, Macao or Taiwan residence-permit number starts with 810000, 820000 or 830000'
            );
      }
      if (c.kind === 'hmt-residence-permit') {
        const region = c.regionCode === '810000' ? 'HK' : c.regionCode === '820000' ? 'MO' : 'TW';
        return {
          ok: true,
          identifier: { kind: c.kind, normalized: c.normalized, birthDate: c.birthDate, sex: c.sex, region },
        };
      }
      return {
        ok: true,
        identifier: {
          kind: 'resident-id',
          normalized: c.normalized,
          birthDate: c.birthDate,
          sex: c.sex,
          regionCode: c.regionCode,
          converted: c.converted,
        },
      };
    }
    case 'foreign-permanent-residence':
      return parseForeignPermanentResidence(text, options);
    case 'passport':
      return parsePassport(text, options);
    case 'hk-macau-pass': {
      // 2013 card: H (Hong Kong) or M (Macao) + 8 digits; 2 more digits count the cards issued.
      if (!/^[HM](\d{8}|\d{10})$/.test(text)) {
        return bad(
          `港澳居民来往内地通行证号码应为 H 或 M 加 8 位或 10 位数字：${value}`,
          `A Hong Kong/Macao travel permit number is H or M followed by 8 or 10 digits: ${value}`
        );
      }
      return { ok: true, identifier: { kind, normalized: text, region: text.startsWith('H') ? 'HK' : 'MO' } };
    }
    case 'taiwan-pass':
      // 2015 card (卡式台胞证): 8 digits.
      if (!/^\d{8}$/.test(text)) {
        return bad(
          `台湾居民来往大陆通行证号码应为 8 位数字：${value}`,
          `A Taiwan travel permit number has 8 digits: ${value}`
        );
      }
      return { ok: true, identifier: { kind, normalized: text } };
    case 'newborn-provisional':
      return parseNewbornKey(value, options);
  }
}

/** 7-3-1 check digit of ICAO Doc 9303 (digits as themselves, A–Z as 10–35). */
function icaoCheckDigit(text: string): number {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = c >= 65 ? c - 55 : c - 48;
    sum += v * (weights[i % 3] ?? 0);
  }
  return sum % 10;
}

function parseForeignPermanentResidence(text: string, options: IdentifierOptions): IdentifierResult {
  if (/^9\d{16}[\dX]$/.test(text)) {
    // 2023 edition: 9 · province of the accepting office (2) · nationality, ISO 3166-1 numeric (3) ·
    // birth date (8) · sequence (3, odd = male) · MOD 11-2 check, as in GB 11643.
    const province = text.slice(1, 3);
    if (!(province in PROVINCE_CODES)) {
      return bad(
        `第 2–3 位 ${province} 不是省级行政区划代码`,
        `Digits 2–3, ${province}, are not a province code`
      );
    }
    const date = text.slice(6, 14);
    const dateProblem = checkDate(date, options);
    if (dateProblem) return { ok: false, reason: dateProblem };
    const expected = residentIdCheckChar(text.slice(0, 17));
    if (text.charAt(17) !== expected) {
      return bad(
        `校验码错误：第 18 位应为 ${expected}，实际为 ${text.charAt(17)}`,
        `Wrong check character: the 18th should be ${expected}, not ${text.charAt(17)}`
      );
    }
    return {
      ok: true,
      identifier: {
        kind: 'foreign-permanent-residence',
        normalized: text,
        edition: 2023,
        nationality: text.slice(3, 6),
        provinceCode: province,
        birthDate: isoDate(date),
        sex: (text.charCodeAt(16) - 48) % 2 === 1 ? 'M' : 'F',
      },
    };
  }
  if (/^[A-Z]{3}\d{12}$/.test(text)) {
    // 2017 edition: nationality, ISO 3166-1 alpha-3 (3) · accepting office (4, province first) ·
    // birth date YYMMDD (6) · sequence (1) · ICAO 9303 check digit over the first 14.
    const province = text.slice(3, 5);
    if (!(province in PROVINCE_CODES)) {
      return bad(
        `第 4–5 位 ${province} 不是省级行政区划代码`,
        `Characters 4–5, ${province}, are not a province code`
      );
    }
    const yymmdd = text.slice(7, 13);
    const date = `${centuryOf(yymmdd.slice(0, 2), options.today)}${yymmdd}`;
    const dateProblem = checkDate(date, options);
    if (dateProblem) return { ok: false, reason: dateProblem };
    const expected = icaoCheckDigit(text.slice(0, 14));
    if (text.charCodeAt(14) - 48 !== expected) {
      return bad(
        `校验位错误：第 15 位应为 ${expected}，实际为 ${text.charAt(14)}`,
        `Wrong check digit: the 15th should be ${expected}, not ${text.charAt(14)}`
      );
    }
    return {
      ok: true,
      identifier: {
        kind: 'foreign-permanent-residence',
        normalized: text,
        edition: 2017,
        nationality: text.slice(0, 3),
        provinceCode: province,
        birthDate: isoDate(date),
        sex: null,
      },
    };
  }
  return bad(
    `外国人永久居留身份证号码应为 3 位字母加 12 位数字（2017 版）或以 9 开头的 18 位（2023 版）：${text}`,
    `A foreign permanent-residence number is 3 letters and 12 digits (2017) or 18 characters starting with 9 (2023): ${text}`
  );
}

/**
 * The century of a two-digit year: the later one unless it is after today (or, without today,
 * after 2029 — the 2017 card was issued to people born before then).
 */
function centuryOf(yy: string, today: string | undefined): string {
  const limit = today ? Number(today.slice(0, 4)) : 2029;
  return 2000 + Number(yy) <= limit ? '20' : '19';
}

function checkDate(date: string, options: ResidentIdOptions): Bilingual | null {
  if (!isCalendarDate(date) || Number(date.slice(0, 4)) < 1870) {
    return { zh: `出生日期 ${date} 不是有效日期`, en: `The birth date ${date} is not a real date` };
  }
  if (options.today !== undefined && isoDate(date) > options.today) {
    return {
      zh: `出生日期 ${isoDate(date)} 晚于今天 ${options.today}`,
      en: `The birth date ${isoDate(date)} is after today, ${options.today}`,
    };
  }
  return null;
}

function parsePassport(text: string, options: IdentifierOptions): IdentifierResult {
  // Chinese ordinary passports: G + 8 digits (before 2012), E + 8 digits (e-passport), and E + a
  // letter + 7 digits once the E-digit series ran out.
  const chinese = /^(E\d{8}|E[A-Z]\d{7}|G\d{8})$/.test(text);
  const issuer = options.issuer?.toUpperCase();
  if (issuer === 'CHN' && !chinese) {
    return bad(
      `中国护照号码应为 E 或 G 加 8 位数字，或 E 加 1 位字母和 7 位数字：${text}`,
      `A Chinese passport number is E or G and 8 digits, or E, a letter and 7 digits: ${text}`
    );
  }
  if (chinese && (issuer === undefined || issuer === 'CHN')) {
    return { ok: true, identifier: { kind: 'passport', normalized: text, issuer: 'CHN' } };
  }
  if (!/^[A-Z0-9]{5,20}$/.test(text) || !/\d/.test(text)) {
    return bad(
      `护照号码应为 5–20 位字母和数字（至少含一位数字）：${text}`,
      `A passport number has 5–20 letters and digits, at least one a digit: ${text}`
    );
  }
  return { ok: true, identifier: { kind: 'passport', normalized: text, issuer: 'other' } };
}

/**
 * A provisional key for a newborn who has no ID yet: the mother's resident ID, the birth order
 * within the delivery (1–9) and the 出生医学证明 number (one letter and nine digits), written
 * `440304199001011234-1-X320101001`.
 */
export function parseNewbornKey(value: string, options: ResidentIdOptions = {}): IdentifierResult {
  const parts = value
    .normalize('NFKC')
    .trim()
    .split(/\s*[-/|,;\s]\s*/)
    .filter((p) => p !== '');
  if (parts.length !== 3) {
    return bad(
      `新生儿临时标识应为“母亲身份证号-出生顺序-出生医学证明编号”：${value}`,
      `A newborn key is "mother's ID-birth order-birth certificate number": ${value}`
    );
  }
  const [motherText = '', orderText = '', certText = ''] = parts;
  const mother = checkResidentId(motherText, options);
  if (!mother.valid || mother.normalized === null) {
    const why = mother.reason ?? { zh: '号码无效', en: 'invalid number' };
    return bad(`母亲身份证号无效：${why.zh}`, `The mother's ID is not valid: ${why.en}`);
  }
  if (!/^[1-9]$/.test(orderText)) {
    return bad(`出生顺序应为 1–9：${orderText}`, `The birth order is 1–9: ${orderText}`);
  }
  const cert = certText.toUpperCase();
  if (!/^[A-Z]\d{9}$/.test(cert)) {
    return bad(
      `出生医学证明编号应为 1 位字母加 9 位数字：${certText}`,
      `A birth certificate number is one letter and nine digits: ${certText}`
    );
  }
  const birthOrder = Number(orderText);
  return {
    ok: true,
    identifier: {
      kind: 'newborn-provisional',
      normalized: `${mother.normalized}-${birthOrder}-${cert}`,
      motherId: mother.normalized,
      birthOrder,
      birthCertificate: cert,
    },
  };
}

/**
 * Recognises the kind of an identifier written without its kind, for data that arrives as one
 * "证件号码" column. Digit strings of 14–19 characters are taken as resident IDs (so a mistyped ID
 * stays a mistyped ID rather than becoming a passport); anything unrecognised is refused.
 */
export function detectIdentifier(value: string, options: IdentifierOptions = {}): IdentifierResult {
  const raw = value.normalize('NFKC').trim().toUpperCase();
  if (/^\d{17}[\dX]\s*[-/|,;\s]\s*\d\s*[-/|,;\s]\s*[A-Z]\d{9}$/.test(raw)) {
    return parseNewbornKey(raw, options);
  }
  const text = cleanIdText(value);
  if (/^\d{8}$/.test(text)) return parseIdentifier('taiwan-pass', text, options);
  if (/^9\d{16}[\dX]$/.test(text) || /^[A-Z]{3}\d{12}$/.test(text)) {
    return parseIdentifier('foreign-permanent-residence', text, options);
  }
  if (/^\d{13,18}[\dX]?$/.test(text)) {
    const c = checkResidentId(text, options);
    return parseIdentifier(c.kind ?? 'resident-id', text, options);
  }
  if (/^[HM](\d{8}|\d{10})$/.test(text)) return parseIdentifier('hk-macau-pass', text, options);
  return parseIdentifier('passport', text, options);
}
