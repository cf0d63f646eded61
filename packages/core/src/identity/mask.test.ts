import { describe, expect, it } from 'vitest';
import { maskAddress, maskIdNumber, maskName, maskPhone } from './mask';

describe('masking identifiers for screens', () => {
  it('shows an 18-digit ID as its first and last four', () => {
    // The issue's own example of a masked ID.
    expect(maskIdNumber('440304199001011234')).toBe('4403**********1234');
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
    expect(maskIdNumber('H12345678')).toBe('H1*****78');
  });

  it('keeps a mobile number’s network and last four digits', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone('+86 138 0013 8000')).toBe('138****8000');
    expect(maskPhone('0755-83001234')).toBe('0755****1234');
  });

  it('keeps a name’s first and last characters', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('李小龙')).toBe('李*龙');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('John Smith')).toBe('J*** S****');
  });

  it('cuts an address after its street', () => {
    expect(maskAddress('福田区福保街道益田村12栋301')).toBe('福田区福保街道***');
    expect(maskAddress('某某路1号')).toBe('某某路***');
  });
});
