export * from './status';
export * from './written';
