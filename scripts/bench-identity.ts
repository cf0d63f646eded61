/**
 * Resident matching at scale: generate a seeded SYNTHETIC population (default 1,000,000 records,
 * 5 % noisy duplicates), block, score every candidate pair with the platform's matcher, merge at
 * `match`, queue `possible` for review, and print one JSON line of figures.
 *
 *   npx tsx scripts/bench-identity.ts [--residents N] [--seed S] [--today YYYY-MM-DD] [--detail]
 *
 * Goals: precision ≥ 0.99, recall_with_review ≥ 0.95, review_share ≤ 0.005, peak RSS < 1 GB.
 */
import { parseArgs } from 'node:util';
import { evaluateDedup } from '../packages/core/src/identity/evaluate';

const { values } = parseArgs({
  options: {
    residents: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    // A fixed day, so that the same seed gives the same population on any date.
    today: { type: 'string', default: '2026-06-30' },
    detail: { type: 'boolean', default: false },
  },
});

const residents = Number(values.residents);
const seed = Number(values.seed);
if (!Number.isInteger(residents) || residents < 2 || !Number.isInteger(seed)) {
  console.error('--residents needs an integer ≥ 2 and --seed an integer / 需要整数参数');
  process.exit(2);
}

const t0 = performance.now();
const r = evaluateDedup({ seed, residents, today: values.today, now: () => performance.now() });
const seconds = (performance.now() - t0) / 1000;
const line: Record<string, unknown> = {
  synthetic: true,
  seed,
  residents: r.residents,
  duplicates: r.duplicates,
  candidate_pairs: r.candidate_pairs,
  precision: r.precision,
  recall: r.recall,
  recall_with_review: r.recall_with_review,
  review_share: r.review_share,
  auto_merges: r.auto_merges,
  possible_pairs: r.possible_pairs,
  blocking_recall: r.blocking_recall,
  pairs_per_s: Math.round(r.candidate_pairs / (r.score_ms / 1000)),
  seconds: Number(seconds.toFixed(1)),
  peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
};
if (values.detail) {
  line.prepare_ms = r.prepare_ms;
  line.score_ms = r.score_ms;
  line.candidates_by_kind = r.candidates_by_kind;
  line.skipped_blocks = r.skipped_blocks;
  line.missed_by_noise = r.missed_by_noise;
}
console.log(JSON.stringify(line));
