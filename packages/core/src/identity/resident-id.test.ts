import { describe, expect, it } from 'vitest';
import { checkResidentId, convertResidentId15, residentIdCheckChar } from './resident-id';

// Check characters below were computed by hand: Σ digit × weight (7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2),
// remainder mod 11 → 1 0 X 9 8 7 6 5 4 3 2.
describe('GB 11643 resident IDs', () => {
  it("accepts the standard's own examples", () => {
    // 11010519491231002X: sum 167, 167 mod 11 = 2 → X. Sequence 002 is even: female.
    expect(checkResidentId('11010519491231002X')).toMatchObject({
      valid: true,
      normalized: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'F',
      regionCode: '110105',
      kind: 'resident-id',
      reason: null,
    });
    // 440524188001010014: sum 195, 195 mod 11 = 8 → 4. Sequence 001 is odd: male; born 1880.
    expect(checkResidentId('440524188001010014')).toMatchObject({
      valid: true,
      sex: 'M',
      birthDate: '1880-01-01',
    });
  });

  it('computes the check character', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('44052418800101001')).toBe('4');
    // 13050319670401001: sum 182, 182 mod 11 = 6 → 6.
    expect(residentIdCheckChar('13050319670401001')).toBe('6');
  });

  it('reads a lower-case x, spaces and full-width digits', () => {
    expect(checkResidentId(' 110105 19491231 002x ').normalized).toBe('11010519491231002X');
    expect(checkResidentId('１１０１０５１９４９１２３１００２Ｘ').normalized).toBe('11010519491231002X');
  });

  it('converts 15-digit numbers by inserting 19 and computing the check character', () => {
    expect(checkResidentId('110105491231002')).toMatchObject({
      valid: true,
      normalized: '11010519491231002X',
      converted: true,
    });
    expect(convertResidentId15('130503670401001')).toBe('130503196704010016');
    expect(() => convertResidentId15('11010519491231002X')).toThrow();
  });

  it('says what is wrong, in Chinese and English', () => {
    const badCheck = checkResidentId('110105194912310021');
    expect(badCheck.valid).toBe(false);
    expect(badCheck.problem).toEqual({ code: 'bad-check', expected: 'X', actual: '1' });
    expect(badCheck.reason?.zh).toContain('应为 X');
    expect(badCheck.reason?.en).toContain('should be X');
    expect(checkResidentId('').problem?.code).toBe('empty');
    expect(checkResidentId('1101051949123100').problem).toEqual({ code: 'bad-length', length: 16 });
    expect(checkResidentId('11010519491231002A').problem).toEqual({
      code: 'bad-characters',
      position: 18,
      char: 'A',
    });
    expect(checkResidentId('1101O519491231002X').problem).toEqual({
      code: 'bad-characters',
      position: 5,
      char: 'O',
    });
    expect(checkResidentId('190105194912310020').problem).toEqual({
      code: 'unknown-province',
      province: '19',
    });
    expect(checkResidentId('110105194902300020').problem).toEqual({
      code: 'impossible-date',
      date: '19490230',
    });
    expect(checkResidentId('110105186912310020').problem?.code).toBe('impossible-date');
    expect(checkResidentId('911398199012310021').problem?.code).toBe('foreign-permanent-residence');
    for (const id of ['110105194912310021', '', '11010519491231002A', '190105194912310020']) {
      const r = checkResidentId(id).reason;
      expect(r?.zh).toMatch(/[\u4e00-\u9fa5]/);
      expect(r?.en).toMatch(/^[\x20-\x7e–]+$/);
    }
  });

  it('refuses a birth date after the given today, and only then', () => {
    // 11010520270101001: sum 94, 94 mod 11 = 6 → 6.
    expect(checkResidentId('110105202701010016').valid).toBe(true);
    const r = checkResidentId('110105202701010016', { today: '2026-06-30' });
    expect(r.problem).toEqual({ code: 'future-date', date: '20270101', today: '2026-06-30' });
    expect(r.reason?.zh).toContain('2027-01-01');
    expect(checkResidentId('110105202701010016', { today: '2027-01-01' }).valid).toBe(true);
  });

  it('validates 港澳台居民居住证 numbers as resident IDs with their own region codes', () => {
    // 810000199408230021: sum 253, 253 mod 11 = 0 → 1. 830000199201300022: sum 197 → 10 → 2.
    expect(checkResidentId('810000199408230021')).toMatchObject({
      valid: true,
      kind: 'hmt-residence-permit',
      sex: 'F',
    });
    expect(checkResidentId('830000199201300022')).toMatchObject({
      valid: true,
      kind: 'hmt-residence-permit',
    });
    expect(checkResidentId('811000199408230021').problem?.code).toBe('bad-permit-region');
    expect(checkResidentId('810000940823002').problem?.code).toBe('bad-permit-region');
  });
});
