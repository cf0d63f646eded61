export * from './schema';
export * from './health-record';
export * from './review';
