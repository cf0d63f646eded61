import { describe, expect, it } from 'vitest';
import { detectIdentifier, parseIdentifier, parseNewbornKey } from './identifiers';

describe('identifiers other than the resident ID', () => {
  it('validates the 2023 foreign permanent-residence number (9, province, nationality, birth date, MOD 11-2)', () => {
    // 91139819901231002: sum 330, 330 mod 11 = 0 → check 1. 398 is Kazakhstan (ISO 3166-1 numeric).
    const r = parseIdentifier('foreign-permanent-residence', '911398199012310021');
    expect(r).toEqual({
      ok: true,
      identifier: {
        kind: 'foreign-permanent-residence',
        normalized: '911398199012310021',
        edition: 2023,
        nationality: '398',
        provinceCode: '11',
        birthDate: '1990-12-31',
        sex: 'F',
      },
    });
    const bad = parseIdentifier('foreign-permanent-residence', '911398199012310022');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.reason.en).toContain('should be 1');
  });

  it('validates the 2017 foreign permanent-residence number with the ICAO 7-3-1 check digit', () => {
    // K=20 A=10 Z=35, then 1 1 0 0 9 0 1 2 3 1 0 weighted 7 3 1 …: sum 265 → check 5.
    const r = parseIdentifier('foreign-permanent-residence', 'kaz110090123105');
    expect(r).toMatchObject({
      ok: true,
      identifier: {
        edition: 2017,
        nationality: 'KAZ',
        provinceCode: '11',
        birthDate: '1990-12-31',
        sex: null,
      },
    });
    const bad = parseIdentifier('foreign-permanent-residence', 'KAZ110090123107');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.reason.zh).toContain('应为 5');
  });

  it('validates travel permits and passports by their formats', () => {
    expect(parseIdentifier('hk-macau-pass', 'H12345678')).toMatchObject({
      ok: true,
      identifier: { region: 'HK' },
    });
    expect(parseIdentifier('hk-macau-pass', 'm1234567890')).toMatchObject({
      ok: true,
      identifier: { region: 'MO' },
    });
    expect(parseIdentifier('hk-macau-pass', 'H1234567').ok).toBe(false);
    expect(parseIdentifier('taiwan-pass', '12345678').ok).toBe(true);
    expect(parseIdentifier('taiwan-pass', '1234567').ok).toBe(false);
    expect(parseIdentifier('passport', 'E12345678')).toMatchObject({
      ok: true,
      identifier: { issuer: 'CHN' },
    });
    expect(parseIdentifier('passport', 'EA1234567')).toMatchObject({
      ok: true,
      identifier: { issuer: 'CHN' },
    });
    expect(parseIdentifier('passport', 'G12345678')).toMatchObject({
      ok: true,
      identifier: { issuer: 'CHN' },
    });
    expect(parseIdentifier('passport', 'X1234567', { issuer: 'CHN' }).ok).toBe(false);
    expect(parseIdentifier('passport', 'C01X00T47', { issuer: 'DEU' })).toMatchObject({
      ok: true,
      identifier: { normalized: 'C01X00T47', issuer: 'other' },
    });
    expect(parseIdentifier('passport', 'AB1').ok).toBe(false);
    expect(parseIdentifier('passport', 'ABCDEFG').ok).toBe(false);
  });

  it('builds a provisional newborn key from the mother’s ID, birth order and 出生医学证明 number', () => {
    expect(parseNewbornKey('11010519491231002x-2-x320101001')).toEqual({
      ok: true,
      identifier: {
        kind: 'newborn-provisional',
        normalized: '11010519491231002X-2-X320101001',
        motherId: '11010519491231002X',
        birthOrder: 2,
        birthCertificate: 'X320101001',
      },
    });
    expect(parseNewbornKey('110105491231002 1 X320101001')).toMatchObject({
      ok: true,
      identifier: { motherId: '11010519491231002X' },
    });
    expect(parseNewbornKey('11010519491231002X-0-X320101001').ok).toBe(false);
    expect(parseNewbornKey('11010519491231002X-1-X32010100').ok).toBe(false);
    expect(parseNewbornKey('110105194912310021-1-X320101001').ok).toBe(false);
    expect(parseNewbornKey('11010519491231002X').ok).toBe(false);
  });

  it('recognises the kind of an identifier written alone', () => {
    const kind = (v: string) => {
      const r = detectIdentifier(v);
      return r.ok ? r.identifier.kind : `invalid:${r.reason.en}`;
    };
    expect(kind('11010519491231002X')).toBe('resident-id');
    expect(kind('110105491231002')).toBe('resident-id');
    expect(kind('810000199408230021')).toBe('hmt-residence-permit');
    expect(kind('911398199012310021')).toBe('foreign-permanent-residence');
    expect(kind('KAZ110090123105')).toBe('foreign-permanent-residence');
    expect(kind('H12345678')).toBe('hk-macau-pass');
    expect(kind('12345678')).toBe('taiwan-pass');
    expect(kind('E12345678')).toBe('passport');
    expect(kind('11010519491231002X-1-X320101001')).toBe('newborn-provisional');
    // A mistyped resident ID stays a mistyped resident ID, not a foreign passport.
    expect(kind('110105194912310021')).toContain('should be X');
    expect(kind('11010519491231002')).toContain('18 characters');
  });
});
