/** What the data module offers. */
export { rollupBelow, writeValues } from './service';
