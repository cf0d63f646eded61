/**
 * What the plans module offers: storing plans (from files or an import), listing and showing
 * them, and the plan file of a plan's current version for whoever evaluates or reports on it.
 */
export {
  getPlan,
  listPlans,
  planFile,
  planFilesOfRegion,
  planHeader,
  planRegionInScope,
  plansInScope,
  savePlan,
  savePlans,
  type PlanHeader,
} from './service';
export { importPlanTable, type PlanImportInput } from './import/service';
export { readPlanDirectory, readPlanFile } from './files';
