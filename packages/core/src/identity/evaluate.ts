/**
 * Measures the matcher on the synthetic residents: generate, prepare, block, score every candidate
 * pair, and count auto-merges, review items and the true duplicate pairs found. The benchmark
 * script and the matcher's test run this same function, at different sizes.
 */
import { BlockingIndex, blockingKeys, candidatePairs, type BlockingKind } from './blocking';
import { scorePrepared } from './match';
import { prepareResident, type PreparedResident } from './record';
import { syntheticResidents } from './synthetic';
import { MATCH_WEIGHTS, type MatchWeights } from './weights';

export interface DedupEvaluationOptions {
  seed: number;
  residents: number;
  today: string;
  weights?: MatchWeights;
  maxBlock?: number;
  /** A clock in milliseconds for the timings (core reads none itself). */
  now?: () => number;
  /** Keep up to this many wrong auto-merges and missed duplicates, for tuning. */
  examples?: number;
}

export interface DedupEvaluation {
  residents: number;
  duplicates: number;
  /** Pairs of records that describe the same person. */
  true_pairs: number;
  candidate_pairs: number;
  /** True pairs that blocking put among the candidates. */
  blocking_recall: number;
  auto_merges: number;
  precision: number;
  recall: number;
  recall_with_review: number;
  possible_pairs: number;
  review_share: number;
  candidates_by_kind: Record<BlockingKind, number>;
  skipped_blocks: number;
  /** Missed true pairs by the noise applied to the duplicate. */
  missed_by_noise: Record<string, number>;
  prepare_ms: number;
  score_ms: number;
  examples: { kind: 'false-merge' | 'missed'; a: unknown; b: unknown; score: number }[];
}

/** Runs the matcher over a seeded synthetic population; see the module comment. */
export function evaluateDedup(options: DedupEvaluationOptions): DedupEvaluation {
  const now = options.now ?? (() => 0);
  const weights = options.weights ?? MATCH_WEIGHTS;
  const n = options.residents;
  const prepared: PreparedResident[] = [];
  const person = new Int32Array(n);
  const dupOf = new Int32Array(n).fill(-1);
  const noiseOf = new Map<number, string[]>();
  const raw: unknown[] = [];
  const keepRaw = (options.examples ?? 0) > 0;
  const index = new BlockingIndex(n);
  const t0 = now();
  let duplicates = 0;
  for (const r of syntheticResidents({ seed: options.seed, residents: n, today: options.today })) {
    const p = prepareResident(r, { today: options.today });
    const i = index.add(blockingKeys(p));
    prepared.push(p);
    person[i] = r.personId;
    if (r.duplicateOf !== null) {
      dupOf[i] = r.duplicateOf;
      noiseOf.set(i, r.noise);
      duplicates++;
    }
    if (keepRaw) raw.push(r);
  }
  const t1 = now();
  // Each synthetic person has at most one duplicate, so the true pairs are the duplicates.
  const truePairs = duplicates;
  const found = new Uint8Array(n);
  const candidate = new Uint8Array(n);
  let merges = 0;
  let trueMerges = 0;
  let possible = 0;
  const examples: DedupEvaluation['examples'] = [];
  const maxExamples = options.examples ?? 0;
  const stats = candidatePairs(
    index,
    (i, j) => {
      const a = prepared[i];
      const b = prepared[j];
      if (!a || !b) return;
      const same = person[i] === person[j];
      if (same) candidate[j] = 1;
      const { decision, score } = scorePrepared(a, b, weights);
      if (decision === 'match') {
        merges++;
        if (same) trueMerges++;
        else if (examples.length < maxExamples) {
          examples.push({ kind: 'false-merge', a: raw[i], b: raw[j], score });
        }
      } else if (decision === 'possible') possible++;
      if (same && decision !== 'distinct') found[j] = 1;
    },
    options.maxBlock
  );
  const t2 = now();
  let foundPairs = 0;
  let blocked = 0;
  const missed: Record<string, number> = {};
  for (let j = 0; j < prepared.length; j++) {
    if ((dupOf[j] ?? -1) < 0) continue;
    if (candidate[j]) blocked++;
    if (found[j]) {
      foundPairs++;
      continue;
    }
    for (const tag of noiseOf.get(j) ?? []) missed[tag] = (missed[tag] ?? 0) + 1;
    if (examples.length < maxExamples * 2 && keepRaw) {
      const i = dupOf[j] ?? 0;
      const a = prepared[i];
      const b = prepared[j];
      const score = a && b ? scorePrepared(a, b, weights).score : 0;
      examples.push({ kind: 'missed', a: raw[i], b: raw[j], score });
    }
  }
  const ratio = (x: number, y: number) => (y === 0 ? 1 : Math.round((x / y) * 10000) / 10000);
  return {
    residents: prepared.length,
    duplicates,
    true_pairs: truePairs,
    candidate_pairs: stats.pairs,
    blocking_recall: ratio(blocked, truePairs),
    auto_merges: merges,
    precision: ratio(trueMerges, merges),
    recall: ratio(trueMerges, truePairs),
    recall_with_review: ratio(foundPairs, truePairs),
    possible_pairs: possible,
    review_share: Math.round((possible / prepared.length) * 1e6) / 1e6,
    candidates_by_kind: stats.byKind,
    skipped_blocks: stats.skippedBlocks,
    missed_by_noise: missed,
    prepare_ms: Math.round(t1 - t0),
    score_ms: Math.round(t2 - t1),
    examples,
  };
}
