/**
 * What the residents module offers the others: the access check every module reading a person's
 * record must make (it logs the read), the lifecycle listener registry, and the residents
 * themselves for the CLI and tests.
 */
export { breakGlassReason } from './routes';
export { assertResidentAccess, withinReach, type ReadPurpose, type Reader } from './access';
export {
  onResidentLifecycle,
  residentListeners,
  type LifecyclePrincipal,
  type ResidentListener,
} from './lifecycle';
export { createResident, getResident, searchResidents, updateResident } from './service';
export { importRows, importResidents, type ResidentImportResult } from './import';
export { mergeResidents, unmergeResidents } from './merge';
export { removeSyntheticResidents } from './synthetic';
