/**
 * The matcher's evidence weights, as data. Fellegi–Sunter: for each field and each level of
 * agreement, m = P(level | same person) and u = P(level | different people); the weight is
 * log2(m / u) and a pair's score is the sum over the fields that both records carry (a missing
 * field weighs 0). Why each m and u has the value it has is in README.md ("Weights").
 */
import type { Bilingual } from '../errors';

export type NameLevel = 'exact' | 'homophone' | 'fuzzy' | 'edit1' | 'given1' | 'surname' | 'different';
export type BirthLevel = 'exact' | 'oneDigit' | 'transposed' | 'dayMonth' | 'sameYear' | 'different';
export type SexLevel = 'agree' | 'disagree';
export type PhoneLevel = 'exact' | 'last8' | 'oneDigit' | 'different';
export type AddressLevel = 'same' | 'similar' | 'different';
export type IdLevel = 'same' | 'conflict' | 'near' | 'far' | 'otherNumber' | 'otherKind';

export type MatchField = 'id' | 'name' | 'birthDate' | 'sex' | 'phone' | 'address';

export interface LevelSpec {
  /** P(level | same person). */
  m: number;
  /** P(level | different people). */
  u: number;
  /** What this level means, for the reasons a reviewer reads. */
  text: Bilingual;
}

export interface MatchWeights {
  version: string;
  id: Record<IdLevel, LevelSpec>;
  name: Record<NameLevel, LevelSpec>;
  birthDate: Record<BirthLevel, LevelSpec>;
  /**
   * Name levels weighed differently when the two records share a household (same phone or same
   * address): among people of one household a shared surname or generation character (字辈) is
   * the rule, so it says much less against a match being a different person… and much more that
   * they are two family members.
   */
  nameInHousehold: Partial<Record<NameLevel, LevelSpec>>;
  sex: Record<SexLevel, LevelSpec>;
  phone: Record<PhoneLevel, LevelSpec>;
  address: Record<AddressLevel, LevelSpec>;
  /** Score thresholds: at or above `match` merge automatically, at or above `possible` queue for review. */
  thresholds: { match: number; possible: number };
  /**
   * Name levels that may merge automatically without identifier evidence. A given name with one
   * different character, only the surname, or no name at all is how twins and siblings look, so
   * such pairs go to review however well the household fields agree.
   */
  autoMergeNameLevels: NameLevel[];
}

/** The weights in force. Change them here (and the README's table), never in the matcher. */
export const MATCH_WEIGHTS: MatchWeights = {
  version: '2026.1',
  id: {
    same: { m: 0.5, u: 1e-9, text: { zh: '证件号码相同', en: 'same identifier' } },
    conflict: {
      m: 1e-6,
      u: 0.999,
      text: { zh: '两个有效身份证号码不同', en: 'two different valid ID numbers' },
    },
    near: {
      m: 0.05,
      u: 1e-8,
      text: {
        zh: '证件号码仅差一位或相邻两位颠倒（录入错误）',
        en: 'ID numbers one keystroke apart (a typo)',
      },
    },
    far: {
      m: 0.02,
      u: 0.5,
      text: { zh: '证件号码不同（一方无效）', en: 'different ID numbers (one not valid)' },
    },
    otherNumber: {
      m: 0.3,
      u: 0.9,
      text: { zh: '同类证件号码不同（护照、通行证可换发）', en: 'different numbers of a renewable document' },
    },
    otherKind: {
      m: 0.05,
      u: 0.05,
      text: { zh: '证件类型不同，无法比较', en: 'different kinds of identifier' },
    },
  },
  name: {
    exact: { m: 0.8, u: 0.0006, text: { zh: '姓名相同', en: 'same name' } },
    homophone: { m: 0.07, u: 0.0002, text: { zh: '同音姓名', en: 'homophone name (same pinyin)' } },
    fuzzy: {
      m: 0.03,
      u: 0.0004,
      text: { zh: '近音姓名（zh/z、n/l、in/ing 等不分）', en: 'near-homophone name (zh/z, n/l, in/ing …)' },
    },
    edit1: {
      m: 0.04,
      u: 0.001,
      text: {
        zh: '姓名相差一个字（姓氏不同、缺字或颠倒）',
        en: 'names one keystroke apart (surname, a dropped or a swapped character)',
      },
    },
    given1: {
      m: 0.04,
      u: 0.002,
      text: { zh: '名字中有一个字不同', en: 'one character of the given name differs' },
    },
    surname: { m: 0.02, u: 0.05, text: { zh: '仅姓氏相同', en: 'only the surname agrees' } },
    different: { m: 0.01, u: 0.95, text: { zh: '姓名不同', en: 'different names' } },
  },
  nameInHousehold: {
    given1: {
      m: 0.04,
      u: 0.15,
      text: {
        zh: '名字中有一个字不同（同户，常见于兄弟姐妹）',
        en: 'one given-name character differs (same household: siblings)',
      },
    },
    surname: {
      m: 0.02,
      u: 0.6,
      text: { zh: '仅姓氏相同（同户家人）', en: 'only the surname agrees (same household: family)' },
    },
    different: {
      m: 0.01,
      u: 0.4,
      text: { zh: '姓名不同（同户家人）', en: 'different names (same household: family)' },
    },
  },
  birthDate: {
    exact: { m: 0.85, u: 0.00004, text: { zh: '出生日期相同', en: 'same birth date' } },
    oneDigit: { m: 0.04, u: 0.0012, text: { zh: '出生日期相差一位数字', en: 'birth dates one digit apart' } },
    transposed: {
      m: 0.04,
      u: 0.0002,
      text: { zh: '出生日期相邻两位颠倒', en: 'birth dates with two adjacent digits swapped' },
    },
    dayMonth: {
      m: 0.02,
      u: 0.00004,
      text: { zh: '出生日期月、日颠倒', en: 'birth dates with day and month swapped' },
    },
    sameYear: { m: 0.02, u: 0.012, text: { zh: '仅出生年份相同', en: 'only the birth year agrees' } },
    different: { m: 0.03, u: 0.98, text: { zh: '出生日期不同', en: 'different birth dates' } },
  },
  sex: {
    agree: { m: 0.99, u: 0.5, text: { zh: '性别相同', en: 'same sex' } },
    disagree: { m: 0.01, u: 0.5, text: { zh: '性别不同', en: 'different sex' } },
  },
  phone: {
    exact: { m: 0.6, u: 0.001, text: { zh: '电话相同', en: 'same phone number' } },
    last8: { m: 0.05, u: 0.002, text: { zh: '电话后 8 位相同', en: 'same last eight phone digits' } },
    oneDigit: { m: 0.03, u: 0.002, text: { zh: '电话相差一位数字', en: 'phone numbers one digit apart' } },
    different: { m: 0.32, u: 0.986, text: { zh: '电话不同', en: 'different phone numbers' } },
  },
  address: {
    same: { m: 0.6, u: 0.002, text: { zh: '地址相同', en: 'same address' } },
    similar: { m: 0.1, u: 0.01, text: { zh: '地址相近', en: 'similar address' } },
    different: { m: 0.3, u: 0.95, text: { zh: '地址不同', en: 'different addresses' } },
  },
  thresholds: { match: 22, possible: 17 },
  autoMergeNameLevels: ['exact', 'homophone', 'fuzzy', 'edit1'],
};

/** log2(m/u), rounded to two decimals so that scores print as the table reads. */
export function levelWeight(spec: LevelSpec): number {
  return Math.round(Math.log2(spec.m / spec.u) * 100) / 100;
}
