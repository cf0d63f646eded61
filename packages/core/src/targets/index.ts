export * from './types';
export { targetSchema } from './schema';
export { parseTarget } from './parse';
export { parseObserved } from './observed';
export type { Observed } from './observed';
export { formatTarget } from './format';
export { evaluateTarget } from './evaluate';
export type { EvaluationContext, TargetCheck } from './evaluate';
export { targetWarningMessage } from './warnings';
