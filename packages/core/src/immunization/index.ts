export * from './schema';
export * from './load';
export * from './vaccines';
export * from './doses';
export * from './due';
export * from './coverage';
