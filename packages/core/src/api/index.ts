export * from './auth';
export * from './responses';
