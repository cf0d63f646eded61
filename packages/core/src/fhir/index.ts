export * from './codes';
export * from './resources';
export * from './transaction';
