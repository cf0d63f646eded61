export * from './bundle-schema';
export * from './capability';
export * from './care';
export * from './codes';
export * from './outcome';
export * from './resources';
export * from './transaction';
