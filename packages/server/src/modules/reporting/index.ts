/** What the reporting module offers: completeness figures for other modules (analytics, reports). */
export { completenessByPeriod, completenessReport, deadlineOf } from './completeness';
export { reportsDataSet } from './expected';
export { submitReport } from './submissions';
