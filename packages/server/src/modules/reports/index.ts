/** What the reports module offers: the report model of a plan and year, and its Word, Excel and HTML renderings. */
export { SYNTHETIC_MARK, buildReport, type Lang, type ReportModel } from './content';
export { renderDocx, renderHtml, renderXlsx } from './render';
