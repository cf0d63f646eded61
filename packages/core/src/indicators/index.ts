export * from './catalogue';
export * from './formula';
export * from './names';
export * from './compute';
