/** A plan row for the evaluation tests: baseline 50 in 2020, target year 2025, evaluated in 2023. */
import { parseTarget } from '../targets/parse';
import type { RowInput } from './status';

export const row = (over: Partial<RowInput> & { raw: string }): RowInput => ({
  target: parseTarget(over.raw),
  targetYear: 2025,
  baseline: { year: 2020, value: 50 },
  actual: null,
  year: 2023,
  direction: 'increase',
  method: 'linear',
  ...over,
});
