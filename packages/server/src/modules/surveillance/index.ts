/** What the surveillance module offers to the others. */
export { removeSyntheticSurveillance } from './removal';
export { insertCases } from './cases';
export { runDetection } from './detection';
export { upsertCounts } from './syndromic';
