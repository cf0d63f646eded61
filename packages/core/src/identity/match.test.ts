import { describe, expect, it } from 'vitest';
import { blockingKeys } from './blocking';
import { evaluateDedup } from './evaluate';
import { matchResidents } from './match';
import type { ResidentRecord } from './record';
import { MATCH_WEIGHTS } from './weights';

const today = '2026-06-30';
const m = (a: ResidentRecord, b: ResidentRecord) => matchResidents(a, b, { today });
const level = (r: ReturnType<typeof m>, field: string) => r.reasons.find((x) => x.field === field)?.level;

describe('the resident matcher', () => {
  it('matches on the same valid ID however it is written, 15 or 18 digits', () => {
    const r = m(
      { name: '王丽', idNumber: '11010519491231002x' },
      { name: '王莉', idNumber: '110105491231002' }
    );
    expect(r.decision).toBe('match');
    expect(r.reasons[0]).toMatchObject({
      field: 'id',
      level: 'same',
      zh: '证件号码相同',
      en: 'same identifier',
    });
  });

  it('keeps two different valid IDs apart, even when everything else agrees (twins)', () => {
    const twin = {
      name: '李思远',
      sex: '男',
      birthDate: '2015-04-01',
      phone: '13800001111',
      address: '红荔路12号3栋502室',
    };
    // 44030420150401001: sum 163, mod 11 = 9 → 3. 44030420150401003: sum 167, mod 11 = 2 → X.
    const r = m({ ...twin, idNumber: '440304201504010013' }, { ...twin, idNumber: '44030420150401003X' });
    expect(r.decision).toBe('distinct');
    expect(level(r, 'id')).toBe('conflict');
  });

  it('does not merge a newborn entered under the mother’s ID with the mother', () => {
    const r = m(
      { name: '王丽', sex: '女', birthDate: '1949-12-31', idNumber: '11010519491231002X' },
      { name: '张小宝', sex: '男', birthDate: '2026-05-01', idNumber: '11010519491231002X' }
    );
    expect(r.decision).toBe('distinct');
    expect(r.reasons.some((x) => x.level === 'shared' && x.en.includes("family member's number"))).toBe(true);
  });

  it('merges a homophone name with the same birth date and phone, and says why', () => {
    const r = m(
      { name: '张伟', sex: '男', birthDate: '1985-03-12', phone: '138-1234-5678' },
      { name: '张玮', sex: 'M', birthDate: '19850312', phone: '+86 13812345678' }
    );
    expect(r.decision).toBe('match');
    expect(r.reasons.find((x) => x.field === 'name')).toMatchObject({ level: 'homophone', zh: '同音姓名' });
    // Weights are log2(m/u) of the table: homophone 0.07/0.0002, birth date 0.85/0.00004, sex
    // 0.99/0.5, phone 0.6/0.001 — 8.45 + 14.38 + 0.99 + 9.23, each rounded to two decimals.
    expect(r.score).toBeCloseTo(33.05, 2);
  });

  it('sees swapped and mistyped birth-date digits', () => {
    const a = { name: '陈静', sex: '女', birthDate: '1985-03-12' };
    expect(level(m(a, { ...a, birthDate: '1985-03-21' }), 'birthDate')).toBe('transposed');
    expect(level(m(a, { ...a, birthDate: '1958-03-12' }), 'birthDate')).toBe('transposed');
    expect(level(m(a, { ...a, birthDate: '1985-12-03' }), 'birthDate')).toBe('dayMonth');
    expect(level(m(a, { ...a, birthDate: '1985-03-17' }), 'birthDate')).toBe('oneDigit');
    expect(level(m(a, { ...a, birthDate: '1985-09-30' }), 'birthDate')).toBe('sameYear');
    expect(level(m(a, { ...a, birthDate: '1990-01-01' }), 'birthDate')).toBe('different');
  });

  it('grades names: exact, homophone, near-homophone, one keystroke, one given-name character, surname', () => {
    const n = (x: string, y: string) => level(m({ name: x }, { name: y }), 'name');
    expect(n('张 伟', '张伟')).toBe('exact');
    expect(n('張偉', '张伟')).toBe('exact');
    expect(n('刘德华', '刘德桦')).toBe('homophone');
    expect(n('林小玲', '林小林')).toBe('fuzzy');
    expect(n('陈建国', '程建国')).toBe('fuzzy');
    expect(n('王建国', '李建国')).toBe('edit1');
    expect(n('王建国', '王国建')).toBe('edit1');
    expect(n('王建国', '王建')).toBe('edit1');
    expect(n('李思远', '李思齐')).toBe('given1');
    expect(n('李思远', '李明')).toBe('surname');
    expect(n('李四', '张三')).toBe('different');
    expect(n('王丽之女', '王小美')).toBe('missing');
  });

  it('sends a one-character given-name difference to review however well the household agrees (twins look so)', () => {
    const a = {
      name: '李思远',
      sex: '男',
      birthDate: '2015-04-01',
      phone: '13800001111',
      address: '红荔路12号3栋502室',
    };
    const r = m(a, { ...a, name: '李思齐' });
    expect(r.score).toBeGreaterThanOrEqual(MATCH_WEIGHTS.thresholds.match);
    expect(r.decision).toBe('possible');
    expect(r.reasons.some((x) => x.level === 'review')).toBe(true);
  });

  it('keeps siblings of one household apart', () => {
    const r = m(
      {
        name: '李思远',
        sex: '男',
        birthDate: '2012-04-01',
        phone: '13800001111',
        address: '红荔路12号3栋502室',
      },
      {
        name: '李思齐',
        sex: '男',
        birthDate: '2015-09-17',
        phone: '13800001111',
        address: '红荔路12号3栋502室',
      }
    );
    expect(r.decision).toBe('distinct');
  });

  it('lets a mistyped ID count as strong evidence', () => {
    const r = m(
      { name: '赵敏', birthDate: '1990-01-01', idNumber: '11010519491231002X' },
      { name: '赵敏', birthDate: '1990-01-01', idNumber: '11010519491213002X' }
    );
    expect(level(r, 'id')).toBe('near');
    expect(r.decision).toBe('match');
  });

  it('names the blocking keys of a record', () => {
    const keys = blockingKeys({
      name: '欧阳娜娜',
      birthDate: '2000-06-15',
      phone: '+86 138 1234 5678',
      address: '深圳市福田区红荔路12号3栋502室',
      idNumber: '11010519491231002X',
    });
    expect(keys).toEqual([
      { kind: 'id', key: '11010519491231002X' },
      { kind: 'birth+surname', key: '20000615|ouyan' },
      { kind: 'phone8', key: '12345678' },
      { kind: 'name+year', key: 'ouyanlala|2000' },
      { kind: 'name+monthday', key: 'ouyanlala|0615' },
      { kind: 'birth+given', key: '20000615|lala' },
      { kind: 'address+surname', key: '12号|3栋|502室|ouyan' },
    ]);
  });
});

describe('the matcher on a seeded synthetic population', () => {
  // The same goals as the 1,000,000-resident benchmark (scripts/bench-identity.ts), on 20,000.
  it('merges with precision ≥ 0.99, finds ≥ 95 % of duplicates with review, and queues ≤ 0.5 % of records', () => {
    const r = evaluateDedup({ seed: 7, residents: 20_000, today });
    expect(r.duplicates / r.residents).toBeGreaterThan(0.04);
    expect(r.duplicates / r.residents).toBeLessThan(0.06);
    expect(r.precision).toBeGreaterThanOrEqual(0.99);
    expect(r.recall_with_review).toBeGreaterThanOrEqual(0.95);
    expect(r.review_share).toBeLessThanOrEqual(0.005);
    expect(r.blocking_recall).toBeGreaterThanOrEqual(r.recall_with_review);
  });
});
