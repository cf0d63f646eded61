/** What the FHIR facade offers: its routes (app.ts registers them). Nothing else depends on it. */
export { fhirRoutes } from './routes';
