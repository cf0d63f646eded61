import { describe, expect, it } from 'vitest';
import { readHeader } from './columns';
import { readLayout } from './header';

describe('reading a header cell', () => {
  it.each([
    // Headers as the seed plans and 健康中国行动 print them.
    ['2030年目标值', { kind: 'year', year: 2030, role: 'target', level: null }],
    ['2025年目标', { kind: 'year', year: 2025, role: 'target', level: null }],
    ['2022年目标值', { kind: 'year', year: 2022, role: 'target', level: null }],
    ['2025年区级指标', { kind: 'year', year: 2025, role: 'target', level: 'district' }],
    ['2025年深圳市级指标', { kind: 'year', year: 2025, role: 'target', level: 'city' }],
    ['2025 年 区目标', { kind: 'year', year: 2025, role: 'target', level: 'district' }],
    ['2020 年 区现状', { kind: 'year', year: 2020, role: 'actual', level: 'district' }],
    ['2020年现状值', { kind: 'year', year: 2020, role: 'actual', level: null }],
    ['2020年基期值', { kind: 'year', year: 2020, role: 'actual', level: null }],
    ['2020 年完成值', { kind: 'year', year: 2020, role: 'actual', level: null }],
    ['2015年', { kind: 'year', year: 2015, role: null, level: null }],
    ['2025', { kind: 'year', year: 2025, role: null, level: null }],
    ['target2030', { kind: 'year', year: 2030, role: 'target', level: null }],
    ['City target 2025', { kind: 'year', year: 2025, role: 'target', level: 'city' }],
    ['actual 2015', { kind: 'year', year: 2015, role: 'actual', level: null }],
    ['现状值（2020年）', { kind: 'year', year: 2020, role: 'actual', level: null }],
    ['2025年数据', { kind: 'ambiguous', year: 2025 }],
    ['2020 年实现情况', { kind: 'unknown' }],
    ['年均增长〔累计〕', { kind: 'unknown' }],
    ['基期水平', { kind: 'column', column: 'baseline' }],
    ['指标 性质', { kind: 'column', column: 'attribute' }],
    ['主要指标', { kind: 'column', column: 'name' }],
    ['指标', { kind: 'column', column: 'name' }],
    ['领域', { kind: 'column', column: 'category' }],
  ])('%s', (cell, meaning) => {
    expect(readHeader(cell)).toEqual(meaning);
  });
});

describe('reading the header rows', () => {
  const opts = { period: [2021, 2025] as [number, number], baseYear: 2020, ownLevel: 'district' as const };

  it('joins a group row over a year row, carrying a merged group cell to the right', () => {
    const layout = readLayout(
      [
        ['序号', '指标名称', '现状值', '', '目标值', '指标属性'],
        ['', '', '2015', '2020', '2025', ''],
        ['1', '婴儿死亡率', '3.1', '2.3', '≤4', '约束性'],
      ],
      opts
    );
    expect(layout.headerRows).toBe(2);
    expect(layout.columns).toEqual({ seq: 0, name: 1, attribute: 5 });
    expect(layout.years.map((y) => [y.header, y.year, y.role, y.level, y.field])).toEqual([
      ['现状值2015', 2015, 'actual', 'district', 'actual2015'],
      ['现状值2020', 2020, 'actual', 'district', 'baseline'],
      ['目标值2025', 2025, 'target', 'district', 'target2025'],
    ]);
    expect(layout.errors).toEqual([]);
  });

  it('joins a year row over district and city target words', () => {
    const layout = readLayout(
      [
        ['指标名称', '2025年', '', '指标属性'],
        ['', '区级指标', '市级指标', ''],
      ],
      opts
    );
    expect(layout.years.map((y) => [y.header, y.level])).toEqual([
      ['2025年区级指标', 'district'],
      ['2025年市级指标', 'city'],
    ]);
  });

  it('takes a second row with an indicator name as data, not as a header', () => {
    const layout = readLayout(
      [
        ['指标名称', '2020', '2025'],
        ['婴儿死亡率', '2020', '2025'],
      ],
      opts
    );
    expect(layout.headerRows).toBe(1);
  });
});
