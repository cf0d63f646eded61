/** What the org-units module offers: the tree, scope checks, adding and moving units. */
export {
  addOrgUnits,
  applyDueMoves,
  chinaDay,
  findOrgUnit,
  findUnits,
  isWithin,
  levelRank,
  listOrgUnits,
  moveOrgUnit,
  removeSyntheticUnits,
  unitInScope,
  unitPaths,
  type MoveListener,
  type OrgUnit,
  type OrgUnitInput,
  type UnitFilter,
} from './service';
export { readRegions, seedRegions } from './seed';
export { resolveOrgUnits, type SelectedUnit } from './selector';
