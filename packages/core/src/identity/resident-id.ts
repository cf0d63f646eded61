/**
 * 公民身份号码 (GB 11643-1999): six-digit region code, eight-digit birth date, three-digit sequence
 * (odd = male) and a check character by ISO 7064 MOD 11-2. 15-digit numbers issued before 1999
 * convert to 18 digits by inserting the century "19" and computing the check character.
 * 港澳台居民居住证 numbers follow the same rules with the region codes 810000, 820000 and 830000.
 *
 * Pure: the current date is a parameter, never read from the clock.
 */
import type { Bilingual } from '../errors';
import { isCalendarDate, isoDate } from './dates';

/** What is wrong with a number that is not a valid resident ID. */
export type ResidentIdProblem =
  | { code: 'empty' }
  | { code: 'bad-length'; length: number }
  | { code: 'bad-characters'; position: number; char: string }
  | { code: 'foreign-permanent-residence' }
  | { code: 'unknown-province'; province: string }
  | { code: 'bad-permit-region'; region: string }
  | { code: 'impossible-date'; date: string }
  | { code: 'future-date'; date: string; today: string }
  | { code: 'bad-check'; expected: string; actual: string };

/** Which of the two documents that use the GB 11643 number this is. */
export type ResidentIdKind = 'resident-id' | 'hmt-residence-permit';

/** The outcome of checking one resident ID (also the shape `weijian resident check-id --json` prints). */
export interface ResidentIdCheck {
  valid: boolean;
  /** Why it is not valid, in Chinese and English; null when valid. */
  reason: Bilingual | null;
  problem: ResidentIdProblem | null;
  /** The 18-character form with an upper-case X, when valid. */
  normalized: string | null;
  /** YYYY-MM-DD, when valid. */
  birthDate: string | null;
  sex: 'M' | 'F' | null;
  /** The six-digit region code, when valid. */
  regionCode: string | null;
  kind: ResidentIdKind | null;
  /** True when the input had 15 digits and was converted. */
  converted: boolean;
}

export interface ResidentIdOptions {
  /**
   * Today as YYYY-MM-DD. A birth date after it is refused. Without it the future-date check is
   * skipped: core never reads the clock, so the caller decides what "today" is.
   */
  today?: string;
}

/** ISO 7064 MOD 11-2 weights 2^(17-i) mod 11 for the 17 body digits, as printed in GB 11643. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Remainder of the weighted sum mod 11 → check character. */
const CHECK_CHARS = '10X98765432';

/**
 * Province-level codes of GB/T 2260 that appear as the first two digits of a 公民身份号码
 * (71 台湾 is in the standard; 81/82/83 are only the residence-permit codes 810000/820000/830000).
 */
export const PROVINCE_CODES: Readonly<Record<string, Bilingual>> = {
  '11': { zh: '北京市', en: 'Beijing' },
  '12': { zh: '天津市', en: 'Tianjin' },
  '13': { zh: '河北省', en: 'Hebei' },
  '14': { zh: '山西省', en: 'Shanxi' },
  '15': { zh: '内蒙古自治区', en: 'Inner Mongolia' },
  '21': { zh: '辽宁省', en: 'Liaoning' },
  '22': { zh: '吉林省', en: 'Jilin' },
  '23': { zh: '黑龙江省', en: 'Heilongjiang' },
  '31': { zh: '上海市', en: 'Shanghai' },
  '32': { zh: '江苏省', en: 'Jiangsu' },
  '33': { zh: '浙江省', en: 'Zhejiang' },
  '34': { zh: '安徽省', en: 'Anhui' },
  '35': { zh: '福建省', en: 'Fujian' },
  '36': { zh: '江西省', en: 'Jiangxi' },
  '37': { zh: '山东省', en: 'Shandong' },
  '41': { zh: '河南省', en: 'Henan' },
  '42': { zh: '湖北省', en: 'Hubei' },
  '43': { zh: '湖南省', en: 'Hunan' },
  '44': { zh: '广东省', en: 'Guangdong' },
  '45': { zh: '广西壮族自治区', en: 'Guangxi' },
  '46': { zh: '海南省', en: 'Hainan' },
  '50': { zh: '重庆市', en: 'Chongqing' },
  '51': { zh: '四川省', en: 'Sichuan' },
  '52': { zh: '贵州省', en: 'Guizhou' },
  '53': { zh: '云南省', en: 'Yunnan' },
  '54': { zh: '西藏自治区', en: 'Tibet' },
  '61': { zh: '陕西省', en: 'Shaanxi' },
  '62': { zh: '甘肃省', en: 'Gansu' },
  '63': { zh: '青海省', en: 'Qinghai' },
  '64': { zh: '宁夏回族自治区', en: 'Ningxia' },
  '65': { zh: '新疆维吾尔自治区', en: 'Xinjiang' },
  '71': { zh: '台湾省', en: 'Taiwan' },
  '81': { zh: '香港特别行政区', en: 'Hong Kong' },
  '82': { zh: '澳门特别行政区', en: 'Macao' },
  '83': { zh: '台湾地区', en: 'Taiwan region' },
};

/** Region codes of 港澳台居民居住证 (the only codes allowed after 81/82/83). */
const PERMIT_REGIONS = new Set(['810000', '820000', '830000']);

/**
 * Oldest plausible birth year. Older residents do not exist; a smaller year is a typing error,
 * and accepting it would let a typo pass as a real number.
 */
const EARLIEST_YEAR = 1870;

/** The MOD 11-2 check character for the first 17 digits of an 18-digit number. */
export function residentIdCheckChar(body17: string): string {
  if (!/^\d{17}$/.test(body17)) throw new RangeError(`need 17 digits, got ${body17}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (body17.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS.charAt(sum % 11);
}

/** Strips what people type around an ID: spaces, hyphens, full-width digits and a lower-case x. */
export function cleanIdText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\-‐‑–—]/g, '')
    .toUpperCase();
}

/** Checks an 18- or 15-digit resident ID (or a 港澳台 residence-permit number) and explains any failure. */
export function checkResidentId(input: string, options: ResidentIdOptions = {}): ResidentIdCheck {
  const id = cleanIdText(input);
  const fail = (problem: ResidentIdProblem): ResidentIdCheck => ({
    valid: false,
    reason: residentIdProblemMessage(problem),
    problem,
    normalized: null,
    birthDate: null,
    sex: null,
    regionCode: null,
    kind: null,
    converted: false,
  });
  if (id === '') return fail({ code: 'empty' });
  if (id.length !== 18 && id.length !== 15) return fail({ code: 'bad-length', length: id.length });
  for (let i = 0; i < id.length; i++) {
    const c = id.charAt(i);
    const lastOf18 = id.length === 18 && i === 17;
    if (!(c >= '0' && c <= '9') && !(lastOf18 && c === 'X')) {
      return fail({ code: 'bad-characters', position: i + 1, char: c });
    }
  }
  if (id.length === 18 && id.startsWith('9')) return fail({ code: 'foreign-permanent-residence' });
  const province = id.slice(0, 2);
  if (!(province in PROVINCE_CODES)) return fail({ code: 'unknown-province', province });
  const region = id.slice(0, 6);
  const permit = province === '81' || province === '82' || province === '83';
  if (permit && (id.length === 15 || !PERMIT_REGIONS.has(region))) {
    return fail({ code: 'bad-permit-region', region });
  }
  const converted = id.length === 15;
  const body17 = converted ? `${region}19${id.slice(6, 15)}` : id.slice(0, 17);
  const date = body17.slice(6, 14);
  const year = Number(date.slice(0, 4));
  if (!isCalendarDate(date) || year < EARLIEST_YEAR) return fail({ code: 'impossible-date', date });
  if (options.today !== undefined && isoDate(date) > options.today) {
    return fail({ code: 'future-date', date, today: options.today });
  }
  const expected = residentIdCheckChar(body17);
  if (!converted && id.charAt(17) !== expected) {
    return fail({ code: 'bad-check', expected, actual: id.charAt(17) });
  }
  return {
    valid: true,
    reason: null,
    problem: null,
    normalized: body17 + expected,
    birthDate: isoDate(date),
    sex: (body17.charCodeAt(16) - 48) % 2 === 1 ? 'M' : 'F',
    regionCode: region,
    kind: permit ? 'hmt-residence-permit' : 'resident-id',
    converted,
  };
}

/** Converts a valid 15-digit ID to 18 digits; throws on anything else. */
export function convertResidentId15(id15: string): string {
  const check = checkResidentId(id15);
  if (!check.valid || !check.converted || check.normalized === null) {
    throw new RangeError(`not a valid 15-digit resident ID: ${id15}`);
  }
  return check.normalized;
}

/** The message for a resident-ID problem, Chinese and English. */
export function residentIdProblemMessage(p: ResidentIdProblem): Bilingual {
  switch (p.code) {
    case 'empty':
      return { zh: '身份证号码为空', en: 'The ID number is empty' };
    case 'bad-length':
      return {
        zh: `身份证号码应为 18 位（或旧版 15 位），实际为 ${p.length} 位`,
        en: `An ID number has 18 characters (or 15 in the old form); this one has ${p.length}`,
      };
    case 'bad-characters':
      return {
        zh: `第 ${p.position} 位“${p.char}”不是数字（只有第 18 位可以是 X）`,
        en: `Character ${p.position} "${p.char}" is not a digit (only the 18th may be X)`,
      };
    case 'foreign-permanent-residence':
      return {
        zh: '以 9 开头的 18 位号码是外国人永久居留身份证号码，不是公民身份号码',
        en: 'An 18-digit number starting with 9 is a foreign permanent-residence card number, not a resident ID',
      };
    case 'unknown-province':
      return {
        zh: `前两位 ${p.province} 不是省级行政区划代码`,
        en: `The first two digits ${p.province} are not a province code`,
      };
    case 'bad-permit-region':
      return {
        zh: `港澳台居民居住证号码的地址码应为 810000、820000 或 830000（18 位），实际为 ${p.region}`,
        en: `A Hong Kong, Macao or Taiwan residence-permit number has the region code 810000, 820000 or 830000 (18 digits); this one has ${p.region}`,
      };
    case 'impossible-date':
      return {
        zh: `出生日期 ${p.date} 不是有效日期（或早于 ${EARLIEST_YEAR} 年）`,
        en: `The birth date ${p.date} is not a real date (or is before ${EARLIEST_YEAR})`,
      };
    case 'future-date':
      return {
        zh: `出生日期 ${isoDate(p.date)} 晚于今天 ${p.today}`,
        en: `The birth date ${isoDate(p.date)} is after today, ${p.today}`,
      };
    case 'bad-check':
      return {
        zh: `校验码错误：第 18 位应为 ${p.expected}，实际为 ${p.actual}`,
        en: `Wrong check character: the 18th should be ${p.expected}, not ${p.actual}`,
      };
  }
}
