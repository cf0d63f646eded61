/** What the programmes module offers: its routes' services, the lifecycle listener, the recount. */
export { programmesListener } from './lifecycle';
export { recomputeResidents, type Principal, type ResidentChange } from './recompute';
export { loadRuleSets, programmeCodes, ruleSets } from './rule-sets';
export { correctEventOf, endEnrolment, enrol, recordEvent, transfer, voidEventOf } from './service';
export { programmeTimeline } from './timeline';
export { residentOfEnrolment, residentOfEvent } from './owners';
export { verifyProgrammes, type VerifyDifference, type VerifyReport } from './verify';
export {
  bulkLoad,
  recomputeMany,
  type BulkEnrolmentInput,
  type BulkEventInput,
  type BulkResult,
} from './bulk';
