/**
 * The benchmark's weekly series, generated the same way by this file and by r-reference.R so
 * Weijian and R time the very same 1,000 series: a Park–Miller generator (exact in doubles in
 * both languages) drives Poisson quantiles of a seasonal mean; 261 weeks (5 years + 1) each.
 */
import { dayIso, isoDay, qpois, type CountSeries } from '../../packages/core/src/index';

export const BENCH_WEEKS = 261;
const FIRST = isoDay('2021-01-04');
const DATES = Array.from({ length: BENCH_WEEKS }, (_, i) => dayIso(FIRST + 7 * i));

/** Series number i (1-based). */
export function benchSeries(i: number): CountSeries {
  let state = i % 2147483646 || 1;
  const theta = -1 + (4 * (i % 100)) / 100;
  const observed = DATES.map((_, t) => {
    state = (16807 * state) % 2147483647;
    const mu = Math.exp(
      theta + 0.4 * Math.cos((2 * Math.PI * (t + 1)) / 52) + 0.3 * Math.sin((2 * Math.PI * (t + 1)) / 52)
    );
    return qpois(state / 2147483647, mu);
  });
  return { dates: DATES, observed, freq: 52 };
}
