export * from './errors';
export * from './targets/index';
export * from './indicators/index';
export * from './plans/schema';
export * from './auth/permissions';
export * from './plans/api';
