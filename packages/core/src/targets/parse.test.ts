import { describe, expect, it } from 'vitest';
import fixture from './fixtures/seed-targets.json';
import { formatTarget } from './format';
import { parseTarget } from './parse';
import type { Target } from './types';

interface Case {
  raw: string;
  origin: 'table' | 'text';
  expected: Omit<Target, 'raw'>;
}
const cases = fixture as unknown as Case[];

/**
 * Regression guard: the readings recorded for every raw target of the five seed plans, built by
 * scripts/build-target-fixture.ts and reviewed by hand on each change. It holds the parser to its
 * earlier output; correctness against hand-written readings is corpus.test.ts.
 */
describe('regression guard: parseTarget keeps its reviewed readings of the five seed plans', () => {
  it.each(cases.map((c) => [c.raw, c] as const))('%s', (raw, c) => {
    expect(parseTarget(raw)).toEqual({ raw, ...c.expected });
  });

  it('covers a few hundred distinct strings', () => {
    expect(cases.length).toBeGreaterThan(300);
  });

  it('leaves only genuinely qualitative table targets qualitative', () => {
    const qualitative = cases.filter((c) => c.origin === 'table' && c.expected.kind === 'qualitative');
    expect(qualitative.map((c) => c.raw)).toEqual(['逐步下降']);
  });

  it('gives every unrecognised text a warning and never drops it', () => {
    for (const c of cases) {
      const t = parseTarget(c.raw);
      expect(t.raw).toBe(c.raw);
      if (t.kind === 'qualitative' && t.direction === null && !t.relativeTo) {
        // milestones (基本建成, 投入使用) are recognised; the rest must say why they are qualitative
        if (t.warnings.length === 0) {
          expect(t.raw).toMatch(/完成|建成|建立|实行|使用|验收|成为|启动|标准|解决|分布|一批/);
        }
      }
    }
  });
});

describe('parseTarget forms beyond the seeds', () => {
  const table: [string, Partial<Target>][] = [
    // Futian's 医护比 as written: 不低于 1∶1.5 (a word operator before a ratio).
    ['不低于 1∶1.5', { kind: 'ratio', op: 'ge', left: 1, right: 1.5 }],
    ['达到1∶1.2', { kind: 'ratio', left: 1, right: 1.2 }],
    ['不超过30%', { kind: 'comparison', op: 'le', value: 30, unit: '%' }],
    ['控制在8‰以内', { kind: 'comparison', op: 'le', value: 8, unit: '‰' }],
    ['控制在 25%', { kind: 'comparison', op: 'le', value: 25, unit: '%' }],
    ['12/10万', { kind: 'value', value: 12, unit: '1/10万' }],
    ['15 1/10万', { kind: 'value', value: 15, unit: '1/10万' }],
    ['3~5', { kind: 'range', min: 3, max: 5 }],
    ['3至5个', { kind: 'range', min: 3, max: 5, unit: '个' }],
    ['提高1岁', { kind: 'change', direction: 'increase', amount: 1, mode: 'absolute', unit: '岁' }],
    ['下降10%', { kind: 'change', direction: 'decrease', amount: 10, mode: 'percent' }],
    ['提高2个百分点', { kind: 'change', direction: 'increase', amount: 2, mode: 'points' }],
    ['较2020年增长20%以上', { kind: 'change', from: { type: 'year', year: 2020 }, bound: 'atLeast' }],
    ['年均增长5%', { kind: 'annualChange', direction: 'increase', amount: 5, mode: 'percent' }],
    ['新增 3 所', { kind: 'increment', op: 'ge', value: 3, unit: '所' }],
    ['稳步提高', { kind: 'qualitative', direction: 'increase' }],
    ['高于全国平均水平', { kind: 'qualitative', relativeTo: '全国平均水平' }],
    ['≥ 84.53 岁', { kind: 'comparison', op: 'ge', value: 84.53, unit: '岁' }],
    ['１２.５％', { kind: 'value', value: 12.5, unit: '%' }],
    ['约 5 万人', { kind: 'approx', value: 50000, unit: '人' }],
    ['≥四级甲等', { kind: 'level', scheme: 'interop', rank: 42 }],
    ['4‰以下', { kind: 'comparison', op: 'le', value: 4, unit: '‰' }],
    ['低于4‰', { kind: 'comparison', op: 'lt', value: 4, unit: '‰' }],
    ['应不低于95%', { kind: 'comparison', op: 'ge', value: 95, unit: '%' }],
    ['确保达到90%以上', { kind: 'comparison', op: 'ge', value: 90, unit: '%' }],
    ['争取达到30%', { kind: 'value', value: 30, unit: '%' }],
    ['提升至45%', { kind: 'comparison', op: 'ge', value: 45, unit: '%' }],
    ['控制在10%以内', { kind: 'comparison', op: 'le', value: 10, unit: '%' }],
    ['下降到27%左右', { kind: 'approx', value: 27, unit: '%' }],
    ['从2016年的34.5%下降到32%以内', { kind: 'comparison', op: 'le', value: 32, unit: '%' }],
    ['达4500亿元以上', { kind: 'comparison', op: 'ge', value: 450000000000, unit: '元' }],
    ['达到两人', { kind: 'value', value: 2, unit: '人' }],
    ['至少开通1条', { kind: 'comparison', op: 'ge', value: 1, unit: '条' }],
    ['1至2家', { kind: 'range', min: 1, max: 2, unit: '家' }],
    ['达到1:1-1:1.2', { kind: 'range', min: 1, max: 1.2 }],
    ['每年降0.5%以上', { kind: 'annualChange', direction: 'decrease', amount: 0.5, mode: 'percent' }],
    ['年均增5%', { kind: 'annualChange', direction: 'increase', amount: 5, mode: 'percent' }],
    ['较上年度提升2%', { kind: 'annualChange', direction: 'increase', amount: 2, mode: 'percent' }],
    ['比“十三五”末提高1岁', { kind: 'change', from: { type: 'year', year: 2020 }, unit: '岁' }],
    ['在2015年基础上提高1岁左右', { kind: 'change', from: { type: 'year', year: 2015 }, bound: 'about' }],
    ['较目前再增加约3岁', { kind: 'change', from: { type: 'baseline' }, amount: 3, bound: 'about' }],
    ['比2015年(24.31)降低10个百分点', { kind: 'change', mode: 'points', note: '2015年: 24.31' }],
    ['新增普惠性托位66万个', { kind: 'increment', value: 660000, unit: '个', note: '普惠性托位' }],
    ['优于全市平均水平', { kind: 'qualitative', direction: null, relativeTo: '全市平均水平' }],
    ['保持全省前列', { kind: 'qualitative', direction: 'maintain', relativeTo: '全省前列' }],
    ['明显放缓', { kind: 'qualitative', direction: 'decrease' }],
  ];
  it.each(table)('%s', (raw, expected) => {
    expect(parseTarget(raw)).toMatchObject(expected);
  });

  it('treats an empty or dash cell as no target', () => {
    for (const raw of ['', '—', '-', '  ']) {
      expect(parseTarget(raw)).toMatchObject({ kind: 'qualitative', warnings: ['no-target'] });
    }
  });

  it('never throws, whatever the text', () => {
    const alphabet =
      '≥≤<>0123456789.%‰/万亿左右以上以下增长降低升降比较从到至达要力争约年每个百分点新增：:—-~（）() 全覆盖“”十三五末abc';
    let seed = 42;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let i = 0; i < 2000; i++) {
      const len = Math.floor(rand() * 12);
      let s = '';
      for (let j = 0; j < len; j++) s += alphabet[Math.floor(rand() * alphabet.length)] ?? '';
      const t = parseTarget(s);
      expect(t.raw).toBe(s);
    }
  });
});

describe('formatTarget', () => {
  it('renders Chinese that parses back to the same target', () => {
    for (const c of cases) {
      const t = parseTarget(c.raw);
      if (t.kind === 'qualitative') continue;
      const again = parseTarget(formatTarget(t, 'zh'));
      const { raw: _a, note: _n1, warnings: _w1, ...typed } = t;
      const { raw: _b, note: _n2, warnings: _w2, ...typedAgain } = again;
      expect({ text: formatTarget(t, 'zh'), ...typedAgain }).toEqual({
        text: formatTarget(t, 'zh'),
        ...typed,
      });
    }
  });

  it('renders English', () => {
    expect(formatTarget(parseTarget('比2015年降低5%'), 'en')).toBe(
      'decrease of at least 5% from the 2015 value'
    );
    expect(formatTarget(parseTarget('12/10万以下'), 'en')).toBe('at most 12 per 100,000');
    expect(formatTarget(parseTarget('2400—3000'), 'en')).toBe('2400 to 3000');
    expect(formatTarget(parseTarget('逐步下降'), 'en')).toBe('decrease (as written: 逐步下降)');
    expect(formatTarget(parseTarget('4‰以下'), 'en')).toBe('at most 4‰');
    expect(formatTarget(parseTarget('较目前再增加约3岁'), 'en')).toBe(
      'increase of about 3 years from the baseline'
    );
  });

  it('writes 以下 as ≤ and keeps large multipliers, and reads both back', () => {
    expect(formatTarget(parseTarget('4‰以下'), 'zh')).toBe('≤4‰');
    expect(formatTarget(parseTarget('达到5万亿元'), 'zh')).toBe('5万亿元');
    expect(formatTarget(parseTarget('在2015年基础上提高1岁左右'), 'zh')).toBe('比2015年增长1岁左右');
    for (const raw of [
      '4‰以下',
      '达到5万亿元',
      '达4500亿元以上',
      '在2015年基础上提高1岁左右',
      '每年降0.5%左右',
    ]) {
      const t = parseTarget(raw);
      const { raw: _r, note: _n, warnings: _w, ...typed } = t;
      expect(parseTarget(formatTarget(t, 'zh'))).toMatchObject(typed);
    }
  });
});
