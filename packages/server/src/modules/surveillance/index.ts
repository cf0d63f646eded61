/** What the surveillance module offers to the others: writing cards and counts, a detection run, the notifiable diseases, one signal (for the emergency module), and removing the demo. */
export { removeSyntheticSurveillance } from './removal';
export { createCase, insertCases } from './cases';
export { runDetection } from './detection';
export { syncDiseases } from './diseases';
export { listSignals } from './signals';
export { upsertCounts } from './syndromic';
export { getSignal } from './signals';
export { listDiseaseVersions, versionAt } from './diseases';
