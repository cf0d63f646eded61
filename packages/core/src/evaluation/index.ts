export * from './status';
export * from './written';
export * from './consistency';
export * from './cascade';
export * from './precision';
