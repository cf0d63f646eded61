export * from './errors';
export * from './targets/index';
export * from './indicators/index';
export * from './plans/schema';
