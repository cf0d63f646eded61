/** What the demo module offers: synthetic data to see the platform move, and its removal. */
export { generateDemo, type DemoOptions } from './generate';
export { removeDemo } from './remove';
export { generateSurveillanceDemo } from './surveillance';
export { SCALE_NAMES, type Scale } from './profile';
export { generateDemoResidents, type DemoResidentsOptions, type DemoResidentsResult } from './residents';
