/**
 * npm run bench:surveillance — detection speed and quality, one JSON line.
 *  - farringtonFlexible_120k_s: the current week of 120,000 weekly series (40 diseases × 3,000
 *    counties) with 5 years of history, Noufaily controls, on two processes.
 *  - weijian_1000_s vs r_1000_s: the same 1,000 series in one thread against R surveillance's time
 *    measured by scripts/surveillance/r-reference.R (committed with its date).
 *  - scores: FPR, POD, sensitivity, specificity and timeliness per algorithm on the 42 Noufaily
 *    (2013) weekly scenarios (last 49 weeks scored), and on a daily variant (Noufaily 2019).
 * Options: --series N (default 120000), --replicates R (default 3).
 */
import { readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  type AlgorithmName,
  DAILY_SYNDROMES,
  detect,
  farringtonFlexible,
  NOUFAILY_CONTROL,
  noufailyScenarios,
  ScoreTally,
  simulateDaily,
  simulateWeekly,
  type SimulatedSeries,
} from '../packages/core/src/index';
import { benchSeries } from './surveillance/bench-series';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const SERIES = arg('series', 120_000);
const REPLICATES = arg('replicates', 3);

/** Splits the series over child processes (one per core), each printing its tallies as JSON. */
async function runWorkers(
  total: number,
  processes: number
): Promise<{ seconds: number; alarms: number; evaluated: number }> {
  const t0 = performance.now();
  const per = Math.ceil(total / processes);
  const worker = fileURLToPath(new URL('./surveillance/bench-worker.ts', import.meta.url));
  const results = await Promise.all(
    Array.from(
      { length: processes },
      (_, k) =>
        new Promise<{ alarms: number; evaluated: number; peak_rss_mb: number }>((resolve, reject) => {
          const from = 1 + k * per;
          const to = Math.min(total + 1, 1 + (k + 1) * per);
          execFile(process.execPath, ['--import', 'tsx', worker, String(from), String(to)], (err, stdout) => {
            if (err) reject(new Error(`bench worker failed: ${err.message}`));
            else resolve(JSON.parse(stdout) as { alarms: number; evaluated: number; peak_rss_mb: number });
          });
        })
    )
  );
  workerRss = Math.max(...results.map((r) => r.peak_rss_mb));
  return {
    seconds: (performance.now() - t0) / 1000,
    alarms: results.reduce((s, r) => s + r.alarms, 0),
    evaluated: results.reduce((s, r) => s + r.evaluated, 0),
  };
}
let workerRss = 0;

function timeSingleThread(): { seconds: number; alarms: number } {
  const series = Array.from({ length: 1000 }, (_, i) => benchSeries(i + 1));
  const runs: number[] = [];
  let alarms = 0;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    alarms = 0;
    for (const s of series) if (farringtonFlexible(s, { ...NOUFAILY_CONTROL, range: 1 })[0]?.alarm) alarms++;
    runs.push((performance.now() - t0) / 1000);
  }
  return { seconds: Math.min(...runs), alarms };
}

const WEEKLY: [AlgorithmName, Record<string, unknown>][] = [
  ['farringtonFlexible', { ...NOUFAILY_CONTROL, alpha: 0.01 }],
  ['farrington', { b: 5, w: 3, alpha: 0.02 }],
  ['earsC1', { alpha: 0.01 }],
  ['earsC2', { alpha: 0.01 }],
  ['earsC3', { alpha: 0.01 }],
  ['cusum', {}],
  ['mpm', { years: 5, window: 1, percentile: 0.95 }],
];
const DAILY: [AlgorithmName, Record<string, unknown>][] = [
  ['earsC1', { alpha: 0.01 }],
  ['earsC2', { alpha: 0.01 }],
  ['earsC3', { alpha: 0.01 }],
  ['cusum', {}],
  ['mpm', { years: 5, window: 1, percentile: 0.95 }],
];

/** Scores each algorithm on the same simulated series, evaluating the last `range` points. */
function score(
  algorithms: [AlgorithmName, Record<string, unknown>][],
  sims: SimulatedSeries[],
  range: number
) {
  const tallies = new Map(algorithms.map(([name]) => [name, new ScoreTally()]));
  for (const sim of sims) {
    for (const [name, params] of algorithms) {
      const points = detect(name, sim, { ...params, range });
      tallies.get(name)?.add(
        sim,
        points.map((p) => p.alarm)
      );
    }
  }
  return Object.fromEntries([...tallies].map(([name, t]) => [name, t.scores()]));
}

const weeklySims = noufailyScenarios().flatMap((scenario) =>
  Array.from({ length: REPLICATES }, (_, r) =>
    simulateWeekly(scenario, scenario.id * 1000 + r, 1 + ((scenario.id + r) % 10))
  )
);
const dailySims = Object.values(DAILY_SYNDROMES).flatMap((syndrome, s) =>
  Array.from({ length: REPLICATES }, (_, r) =>
    simulateDaily(syndrome, 50_000 + 100 * s + r, [2, 3, 5, 10][r % 4] ?? 3)
  )
);

const timingCsv = readFileSync(
  new URL('../packages/core/src/surveillance/fixtures/r/timing.csv', import.meta.url),
  'utf8'
);
const [head = '', values = ''] = timingCsv.trim().split('\n');
const rTiming = Object.fromEntries(head.split(',').map((c, i) => [c, values.split(',')[i] ?? '']));
const rSeconds = Number(rTiming.r_1000_s);

const single = timeSingleThread();
const big = await runWorkers(SERIES, 2);
const scores = score(WEEKLY, weeklySims, 49);
const scoresDaily = score(DAILY, dailySims, 343);
console.log(
  JSON.stringify({
    series: SERIES,
    farringtonFlexible_120k_s: Number(big.seconds.toFixed(2)),
    evaluated: big.evaluated,
    alarms: big.alarms,
    processes: 2,
    r_1000_s: rSeconds,
    r_measured: rTiming.measured,
    r_surveillance: rTiming.surveillance,
    r_alarms_1000: Number(rTiming.alarms),
    weijian_1000_s: Number(single.seconds.toFixed(3)),
    weijian_alarms_1000: single.alarms,
    speedup_vs_r: Number((rSeconds / single.seconds).toFixed(1)),
    replicates: REPLICATES,
    scores,
    scores_daily: scoresDaily,
    peak_rss_mb: Math.max(workerRss, Math.round(process.resourceUsage().maxRSS / 1024)),
  })
);
