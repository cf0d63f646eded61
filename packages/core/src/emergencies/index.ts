/** Public-health emergencies: catalogues, grading, deadlines, lifecycle, equipment, reserve, API shapes. */
export * from './catalogue';
export * from './grading';
export * from './deadlines';
export * from './lifecycle';
export * from './equipment';
export * from './reserve';
export * from './curve';
export * from './api';
