export * from './bundle-schema';
export * from './capability';
export * from './care';
export * from './codes';
export * from './outcome';
export * from './resources';
export * from './transaction';
export type {
  Bundle,
  BundleEntry,
  Encounter,
  EpisodeOfCare,
  Immunization,
  ImmunizationRecommendation,
  Observation,
  OperationOutcome,
  Patient,
  Resource,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
