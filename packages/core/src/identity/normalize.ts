/**
 * Normalisation of names, phone numbers and addresses before they are compared. Each function
 * returns the form used for comparison; the resident's own writing is stored unchanged elsewhere.
 */
import { simplifyNameChars } from './traditional';

/** Dots that separate the parts of transliterated names (阿卜杜拉·买买提): all variants people type. */
const NAME_SEPARATORS = /[\s·•・‧∙⋅．.。'’‘`_\-‐‑–—]/g;

/**
 * Placeholders written before a child is named or when the name is unknown: 王丽之女, 新生儿,
 * 男婴, 无名氏 … They say nothing about identity, so they compare as a missing name.
 */
const PLACEHOLDER =
  /^(无名氏?|未知|不详|佚名|新生儿|婴儿|男婴|女婴|宝宝)$|(之子|之女|之儿|之婴|之男|之长子|之次子|之长女|之次女|之大宝|之二宝|之宝宝|婴儿?|宝宝)$/u;

/**
 * A name for comparison: NFKC (full-width letters to half-width), no spaces or middle dots of any
 * kind, traditional name characters simplified, Latin letters in upper case. Returns '' for an
 * empty name or a placeholder such as 王丽之女.
 */
export function normalizeName(name: string | null | undefined): string {
  if (!name) return '';
  const n = simplifyNameChars(name.normalize('NFKC').replace(NAME_SEPARATORS, '')).toUpperCase();
  return PLACEHOLDER.test(n) ? '' : n;
}

/** A phone number reduced to its digits, with its kind. */
export interface NormalizedPhone {
  kind: 'mobile' | 'landline' | 'other';
  /** Mobile: 11 digits. Landline: area code with its 0 and the local number, or the local number alone. */
  digits: string;
  /** The last eight digits: equal for one line written with and without its area code. */
  last8: string;
}

/**
 * Mainland mobiles (1[3-9] and nine digits) and landlines (area code 010, 02x or 0xxx, then 7–8
 * digits), with +86 / 0086 / 86 prefixes, spaces, hyphens, brackets and extensions removed.
 * Returns null when no digits remain or fewer than seven.
 */
export function normalizePhone(phone: string | null | undefined): NormalizedPhone | null {
  if (!phone) return null;
  let t = phone.normalize('NFKC');
  // An extension says which desk, not which household.
  t = t.replace(/(转|ext\.?|x|分机|#).*$/i, '');
  let d = t.replace(/\D/g, '');
  if (/^(0086|86)1[3-9]\d{9}$/.test(d)) d = d.replace(/^(0086|86)/, '');
  else if (/^(0086|86)0?[1-9]\d{8,10}$/.test(d) && /^\s*(\+|00)/.test(t)) {
    d = `0${d.replace(/^(0086|86)0?/, '')}`;
  }
  if (d.length < 7) return null;
  const last8 = d.slice(-8);
  if (/^1[3-9]\d{9}$/.test(d)) return { kind: 'mobile', digits: d, last8 };
  if (/^0\d{9,11}$/.test(d) || /^\d{7,8}$/.test(d)) return { kind: 'landline', digits: d, last8 };
  return { kind: 'other', digits: d, last8 };
}

const CN_DIGITS: Readonly<Record<string, number>> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 十二 → 12, 二十 → 20, 一百零五 → 105, 三〇二 → 302 (digit by digit when written without 十/百). */
export function chineseNumeralToInt(text: string): number | null {
  if (text === '') return null;
  if (!/[十百千]/.test(text)) {
    let s = '';
    for (const c of text) {
      const v = CN_DIGITS[c];
      if (v === undefined) return null;
      s += String(v);
    }
    return Number(s);
  }
  let total = 0;
  let current = 0;
  for (const c of text) {
    const v = CN_DIGITS[c];
    if (v !== undefined) current = v;
    else if (c === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else if (c === '百') {
      total += current * 100;
      current = 0;
    } else if (c === '千') {
      total += current * 1000;
      current = 0;
    } else return null;
  }
  return total + current;
}

/** Markers after a number in an address: the unit they count. Synonyms map to one form. */
const UNIT_SYNONYMS: Readonly<Record<string, string>> = {
  号楼: '栋',
  幢: '栋',
  座: '栋',
  栋: '栋',
  房: '室',
  室: '室',
  户: '室',
};
const NUMBER_UNITS = '号楼|号院|号|栋|幢|座|楼|层|单元|室|房|户|弄|巷|组|排|期|区';
const NUMBER_WITH_UNIT = new RegExp(`(第?)([〇零一二两三四五六七八九十百千]+)(${NUMBER_UNITS})`, 'g');

/** Leading administrative divisions: 省/自治区/特别行政区, then 市/州/盟, then 区/县/旗/市. */
const ADMIN_PREFIX =
  /^(?:[\u4e00-\u9fa5]{2,9}?(?:省|自治区|特别行政区))?(?:[\u4e00-\u9fa5]{1,9}?(?:市|自治州|州|盟|地区))?(?:[\u4e00-\u9fa5]{1,7}?(?:区|县|自治县|旗|市))?/u;

const PLACE_SUFFIXES =
  '街道办事处|街道|社区居委会|居委会|社区|村委会|小区|花园|大道|大街|大厦|公寓|新村|家园|广场|中心|工业区|村|镇|乡|路|街|巷|弄|里|苑|园|城|院';
const TOKEN = new RegExp(
  `(\\d+(?:号楼|号院|号|栋|幢|座|楼|层|单元|室|房|户|弄|巷|组|排|期)?)|([^\\d]+?(?:${PLACE_SUFFIXES}))|([^\\d]+)`,
  'gu'
);

/**
 * An address as a list of comparable parts: numerals as digits (三号 → 3号), the leading
 * province/city/district removed (they repeat across a district and differ only in how much
 * was written), 3-502 read as 3栋502室, and unit synonyms merged (幢/座 → 栋, 房 → 室).
 * Returns [] for an empty address.
 */
export function addressTokens(address: string | null | undefined): string[] {
  if (!address) return [];
  let a = address.normalize('NFKC').replace(/[\s,，。、;；:：()（）[\]【】"“”'‘’#]/g, '');
  a = a.replace(NUMBER_WITH_UNIT, (_m, _di: string, num: string, unit: string) => {
    const v = chineseNumeralToInt(num);
    return v === null ? `${num}${unit}` : `${v}${unit}`;
  });
  a = a.replace(/第(\d+)/g, '$1');
  a = a.replace(ADMIN_PREFIX, '');
  // Shorthand for building-unit-room and building-room at the end of an address.
  a = a.replace(/(\d+)[-—–_](\d+)[-—–_](\d+)$/, '$1栋$2单元$3室');
  a = a.replace(/(\d+)[-—–_](\d+)$/, '$1栋$2室');
  const tokens: string[] = [];
  for (const m of a.matchAll(TOKEN)) {
    let t = m[0];
    const num = /^(\d+)(.*)$/.exec(t);
    if (num) {
      const unit = num[2] ?? '';
      t = `${Number(num[1])}${UNIT_SYNONYMS[unit] ?? unit}`;
    }
    if (t !== '' && t !== '-') tokens.push(t);
  }
  return tokens;
}
