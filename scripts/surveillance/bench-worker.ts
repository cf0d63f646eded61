/**
 * Child of bench:surveillance: runs farringtonFlexible (Noufaily controls) on the current week of
 * series from..to−1 and prints {alarms, evaluated, peak_rss_mb} as JSON.
 */
import { farringtonFlexible, NOUFAILY_CONTROL } from '../../packages/core/src/index';
import { benchSeries } from './bench-series';

const from = Number(process.argv[2]);
const to = Number(process.argv[3]);
let alarms = 0;
let evaluated = 0;
for (let i = from; i < to; i++) {
  const [point] = farringtonFlexible(benchSeries(i), { ...NOUFAILY_CONTROL, range: 1 });
  if (point?.upperbound !== null) evaluated++;
  if (point?.alarm) alarms++;
}
console.log(
  JSON.stringify({ alarms, evaluated, peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) })
);
