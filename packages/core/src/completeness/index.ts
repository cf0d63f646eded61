export * from './completeness';
export * from './api';
