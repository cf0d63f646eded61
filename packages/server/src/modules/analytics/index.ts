/** What the analytics module offers: indicators for any units and periods, computed at query time. */
export { queryAnalytics, type AnalyticsQuery } from './service';
