import { describe, expect, it } from 'vitest';
import { addressTokens, chineseNumeralToInt, normalizeName, normalizePhone } from './normalize';
import { fuzzySyllable, nameSyllables, surnameLength } from './pinyin';

describe('names', () => {
  it('drops spaces and every kind of middle dot, widens nothing and simplifies common characters', () => {
    expect(normalizeName(' 张　伟 ')).toBe('张伟');
    expect(normalizeName('阿卜杜拉·买买提')).toBe('阿卜杜拉买买提');
    expect(normalizeName('阿卜杜拉•买买提')).toBe(normalizeName('阿卜杜拉・买买提'));
    expect(normalizeName('阿卜杜拉．买买提')).toBe('阿卜杜拉买买提');
    expect(normalizeName('張偉')).toBe('张伟');
    expect(normalizeName('陳麗華')).toBe('陈丽华');
    expect(normalizeName('Ｊｏｈｎ Smith')).toBe('JOHNSMITH');
  });

  it('treats placeholders for unnamed newborns and unknown people as no name', () => {
    for (const n of ['王丽之女', '李娜之子', '新生儿', '男婴', '无名氏', '张三之长子', null, '']) {
      expect(normalizeName(n)).toBe('');
    }
    expect(normalizeName('王之子')).toBe('');
    expect(normalizeName('王子')).toBe('王子');
  });

  it('reads names as toneless pinyin with surname readings', () => {
    expect(nameSyllables('张伟')).toEqual(['zhang', 'wei']);
    expect(nameSyllables('张玮')).toEqual(nameSyllables('张伟'));
    expect(nameSyllables('单田芳')[0]).toBe('shan');
    expect(nameSyllables('曾小贤')[0]).toBe('zeng');
    expect(nameSyllables('吕布')).toEqual(['lv', 'bu']);
    expect(surnameLength('欧阳娜娜')).toBe(2);
    expect(surnameLength('欧娜')).toBe(1);
  });

  it('merges the sounds a fuzzy-pinyin input method merges', () => {
    expect(fuzzySyllable('zhang')).toBe('zan');
    expect(fuzzySyllable('zang')).toBe('zan');
    expect(fuzzySyllable('ling')).toBe('lin');
    expect(fuzzySyllable('nan')).toBe('lan');
    expect(fuzzySyllable('hu')).toBe('fu');
    expect(fuzzySyllable('chen')).toBe(fuzzySyllable('cheng'));
    expect(fuzzySyllable('wang')).not.toBe(fuzzySyllable('huang'));
  });
});

describe('phones', () => {
  it('reduces mainland mobiles to eleven digits whatever the prefix and separators', () => {
    for (const p of [
      '13812345678',
      '+86 138-1234-5678',
      '0086 138 1234 5678',
      '86-13812345678',
      '１３８１２３４５６７８',
    ]) {
      expect(normalizePhone(p)).toEqual({ kind: 'mobile', digits: '13812345678', last8: '12345678' });
    }
  });

  it('keeps landlines with their area code, and their last eight digits agree with the bare number', () => {
    expect(normalizePhone('(0755)8345-1234')).toEqual({
      kind: 'landline',
      digits: '075583451234',
      last8: '83451234',
    });
    expect(normalizePhone('010-6512 3456 转 802')).toEqual({
      kind: 'landline',
      digits: '01065123456',
      last8: '65123456',
    });
    expect(normalizePhone('+86 755 8345 1234')?.digits).toBe('075583451234');
    expect(normalizePhone('83451234')?.last8).toBe('83451234');
    expect(normalizePhone('12345')).toBeNull();
    expect(normalizePhone('')).toBeNull();
  });
});

describe('addresses', () => {
  it('reads Chinese numerals', () => {
    expect(chineseNumeralToInt('十二')).toBe(12);
    expect(chineseNumeralToInt('二十')).toBe(20);
    expect(chineseNumeralToInt('十')).toBe(10);
    expect(chineseNumeralToInt('一百零五')).toBe(105);
    expect(chineseNumeralToInt('三〇二')).toBe(302);
    expect(chineseNumeralToInt('两')).toBe(2);
    expect(chineseNumeralToInt('三亚')).toBeNull();
  });

  it('splits an address into comparable parts without the province, city and district', () => {
    expect(addressTokens('广东省深圳市福田区华富街道田面社区红荔路十二号三栋502室')).toEqual([
      '华富街道',
      '田面社区',
      '红荔路',
      '12号',
      '3栋',
      '502室',
    ]);
    expect(addressTokens('红荔路12号3-502')).toEqual(['红荔路', '12号', '3栋', '502室']);
    expect(addressTokens('深圳市福田区红荔路12号3幢502房')).toEqual(['红荔路', '12号', '3栋', '502室']);
    expect(addressTokens('福田区 红荔路 12号 3栋 502室')).toEqual(['红荔路', '12号', '3栋', '502室']);
    expect(addressTokens('龙岗区平湖街道上围村3组12号')).toEqual(['平湖街道', '上围村', '3组', '12号']);
    expect(addressTokens('')).toEqual([]);
  });
});
