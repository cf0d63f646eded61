/**
 * What the immunization module offers: recording and voiding doses, a child's doses with the due
 * list, the lot look-up, a clinic's due list, imports, the coverage refresh and its verification,
 * and the lifecycle listener wiring.ts registers.
 */
export { recordDose, voidDoseRecord, residentImmunizations } from './records';
export { lotLookup } from './lots';
export { clinicDueList } from './due';
export { importDoses } from './import';
export { refreshCoverage, verifyCoverage, expectedMemberships, type CoverageVerification } from './coverage';
export { measureDefs, type MeasureDef } from './measures';
export { scheduleOn } from './schedule';
export { immunizationListener } from './listener';
export { immunizationRoutes } from './routes';
