/** What the catalogue module offers: the catalogue (read once from catalogue/*.yaml) and its copy in the database. */
export { catalogue, loadCatalogue } from './load';
export { syncCatalogue } from './service';
