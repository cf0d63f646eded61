import { describe, expect, it } from 'vitest';
import type { Indicator } from './catalogue';
import { aggregateOverTime, compileIndicator, computeIndicator } from './compute';

const imr: Indicator = {
  code: 'IMR',
  name: { zh: '婴儿死亡率', en: 'IMR' },
  aliases: [],
  category: 'health-status',
  unit: '‰',
  factor: 1000,
  direction: 'decrease',
  decimals: 2,
  numerator: '#{INFANT_DEATHS}',
  denominator: '#{LIVE_BIRTHS}',
  definition: { zh: 'x', en: 'x' },
  standard: 'x',
};

describe('indicator engine', () => {
  it('aggregates over time by type', () => {
    const pts = [
      { period: '202401', value: 3, n: 2 },
      { period: '202403', value: 5, n: 2 },
      { period: '202402', value: 4, n: 1 },
    ];
    expect(aggregateOverTime('SUM', pts)).toEqual({
      value: 12,
      n: 5,
      periods: ['202401', '202402', '202403'],
    });
    expect(aggregateOverTime('LAST', pts)).toMatchObject({ value: 5, periods: ['202403'] });
    expect(aggregateOverTime('AVERAGE_SUM_ORG_UNIT', pts).value).toBe(4);
    expect(aggregateOverTime('SUM', []).value).toBeNull();
  });

  it('computes rates from aggregated counts, never by averaging rates', () => {
    // Two units: 1/100 and 9/900 births. Averaging their rates gives 10‰; the pooled rate is 10‰ too,
    // but with 1/100 and 1/900 the average of rates (6.1‰) differs from the pooled 2‰.
    const c = compileIndicator(imr);
    expect(c.elements).toEqual(['INFANT_DEATHS', 'LIVE_BIRTHS']);
    expect(computeIndicator(c, { INFANT_DEATHS: 1 + 1, LIVE_BIRTHS: 100 + 900 })).toEqual({
      value: 2,
      numerator: 2,
      denominator: 1000,
      factor: 1000,
    });
  });

  it('gives null, not zero, for missing inputs or a zero denominator', () => {
    const c = compileIndicator(imr);
    expect(computeIndicator(c, { INFANT_DEATHS: 2, LIVE_BIRTHS: null }).value).toBeNull();
    expect(computeIndicator(c, { INFANT_DEATHS: 0, LIVE_BIRTHS: 0 }).value).toBeNull();
  });
});
