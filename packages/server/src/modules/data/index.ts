/**
 * What the data module offers: writing values (every path a value comes in by ends in
 * writeValues), the roll-up the org-units module asks for after a move, the removal of demo data,
 * and the rolled-up values the indicator engine reads.
 */
export {
  applyDeltas,
  removeSyntheticData,
  rollupBelow,
  writeValues,
  type CountDelta,
  type WriteOptions,
  type WritePhase,
  type WritePrincipal,
} from './service';
export type { ValueInput } from './prepare';
export { csvChunks } from './files';
export { lockedBy } from './approvals';
export {
  aggregateRows,
  aggregationRule,
  childContributions,
  recountDifferences,
  valueSources,
  type AggregateRow,
} from './aggregates';
