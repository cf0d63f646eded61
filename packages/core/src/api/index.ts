export * from './auth';
export * from './data';
export * from './projects';
export * from './responses';
export * from './programmes';
export * from './programme-rules';
