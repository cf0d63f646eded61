/**
 * The one resident matcher, used by the platform, by `weijian resident match` and by the
 * benchmark. A valid lifelong ID decides alone (same → match, different → distinct); otherwise the
 * Fellegi–Sunter score of weights.ts decides, with the thresholds there: match (merge),
 * possible (review queue) or distinct. Every decision carries its reasons in Chinese and English.
 */
import type { Bilingual } from '../errors';
import {
  compareAddresses,
  compareBirthDates,
  compareIds,
  compareNames,
  comparePhones,
  compareSex,
} from './compare';
import { prepareResident, type PrepareOptions, type PreparedResident, type ResidentRecord } from './record';
import { MATCH_WEIGHTS, levelWeight, type LevelSpec, type MatchField, type MatchWeights } from './weights';

export type MatchDecision = 'match' | 'possible' | 'distinct';

/** One piece of evidence: a field, how well it agreed, and what that weighed. */
export interface MatchReason {
  field: MatchField;
  level: string;
  weight: number;
  zh: string;
  en: string;
}

export interface MatchResult {
  decision: MatchDecision;
  /** Sum of the weights, log2 of the likelihood ratio; rounded to two decimals. */
  score: number;
  reasons: MatchReason[];
}

const SHARED_ID: Bilingual = {
  zh: '证件号码相同，但姓名和出生日期都不一致：一方可能误用了家人的证件号码，请更正',
  en: "Same identifier but name and birth date both disagree: one record may carry a family member's number; correct it",
};
const NEEDS_NAME: Bilingual = {
  zh: '姓名不一致且无证件佐证，不自动合并（双胞胎、兄弟姐妹也是这样）',
  en: 'Names disagree and no identifier supports the match, so no automatic merge (twins and siblings look like this)',
};
const MISSING: Record<MatchField, Bilingual> = {
  id: { zh: '一方缺少证件号码', en: 'identifier missing on one side' },
  name: { zh: '一方缺少姓名', en: 'name missing on one side' },
  birthDate: { zh: '一方缺少出生日期', en: 'birth date missing on one side' },
  sex: { zh: '一方缺少性别', en: 'sex missing on one side' },
  phone: { zh: '一方缺少电话', en: 'phone missing on one side' },
  address: { zh: '一方缺少地址', en: 'address missing on one side' },
};

/** Weights of a table computed once, by level spec. */
const weightCache = new WeakMap<LevelSpec, number>();
function w(spec: LevelSpec): number {
  let v = weightCache.get(spec);
  if (v === undefined) {
    v = levelWeight(spec);
    weightCache.set(spec, v);
  }
  return v;
}

/**
 * Compares two prepared records. Pass `reasons` to collect the evidence; without it the
 * comparison allocates nothing, which is what candidate scoring at scale needs.
 */
export function scorePrepared(
  a: PreparedResident,
  b: PreparedResident,
  weights: MatchWeights = MATCH_WEIGHTS,
  reasons?: MatchReason[]
): { decision: MatchDecision; score: number } {
  let score = 0;
  const add = (field: MatchField, level: string | null, spec: LevelSpec | undefined): void => {
    if (level === null || spec === undefined) {
      if (reasons) reasons.push({ field, level: 'missing', weight: 0, ...MISSING[field] });
      return;
    }
    const weight = w(spec);
    score += weight;
    if (reasons) reasons.push({ field, level, weight, ...spec.text });
  };
  const id = compareIds(a, b);
  const name = compareNames(a, b);
  const birth = compareBirthDates(a, b);
  const phone = comparePhones(a, b);
  const address = compareAddresses(a, b);
  const household = phone === 'exact' || phone === 'last8' || address === 'same';
  add('id', id, id === null ? undefined : weights.id[id]);
  add(
    'name',
    name,
    name === null
      ? undefined
      : ((household ? weights.nameInHousehold[name] : undefined) ?? weights.name[name])
  );
  add('birthDate', birth, birth === null ? undefined : weights.birthDate[birth]);
  const sex = compareSex(a, b);
  add('sex', sex, sex === null ? undefined : weights.sex[sex]);
  add('phone', phone, phone === null ? undefined : weights.phone[phone]);
  add('address', address, address === null ? undefined : weights.address[address]);
  score = Math.round(score * 100) / 100;

  if (id === 'conflict') return { decision: 'distinct', score };
  if (id === 'same') {
    // A newborn entered under the mother's number, a child under a parent's: the number is the
    // same, the person is not. Another person, not a typo, when name and birth date both differ.
    const nameDisagrees = name === 'surname' || name === 'different';
    if (nameDisagrees && (birth === 'different' || birth === 'sameYear')) {
      if (reasons) reasons.push({ field: 'id', level: 'shared', weight: 0, ...SHARED_ID });
      return { decision: birth === 'different' ? 'distinct' : 'possible', score };
    }
    return { decision: 'match', score };
  }
  if (score >= weights.thresholds.match) {
    const nameCarries = name !== null && weights.autoMergeNameLevels.includes(name);
    if (nameCarries || id === 'near') return { decision: 'match', score };
    if (reasons) reasons.push({ field: 'name', level: 'review', weight: 0, ...NEEDS_NAME });
    return { decision: 'possible', score };
  }
  return { decision: score >= weights.thresholds.possible ? 'possible' : 'distinct', score };
}

/** Compares two prepared records and explains the decision. */
export function comparePrepared(
  a: PreparedResident,
  b: PreparedResident,
  weights: MatchWeights = MATCH_WEIGHTS
): MatchResult {
  const reasons: MatchReason[] = [];
  const r = scorePrepared(a, b, weights, reasons);
  return { ...r, reasons };
}

/** Compares two resident records as received: the matcher of `weijian resident match`. */
export function matchResidents(
  a: ResidentRecord,
  b: ResidentRecord,
  options: PrepareOptions & { weights?: MatchWeights } = {}
): MatchResult {
  return comparePrepared(prepareResident(a, options), prepareResident(b, options), options.weights);
}
