export * from './auth';
export * from './data';
export * from './responses';
