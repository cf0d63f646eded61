/**
 * Reads a `date,observed` CSV (header optional, comma or tab, ISO dates) into a series, refusing
 * bad rows with their line number and column in both languages.
 */
import { AppError, type ErrorIssue } from '../errors';
import { makeSeries, type CountSeries } from './types';

/** Parses the CSV text of a count series. */
export function parseCountsCsv(text: string): CountSeries {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const rows: { date: string; observed: number; line: number }[] = [];
  const issues: ErrorIssue[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const [date = '', count = ''] = line.split(/[,\t]/).map((c) => c.trim().replace(/^"|"$/g, ''));
    if (i === 0 && !/^\d/.test(date)) return; // header
    const observed = Number(count);
    if (count === '' || !Number.isInteger(observed) || observed < 0) {
      issues.push({
        row: i + 1,
        field: 'observed',
        value: count,
        message: { zh: '计数应为非负整数', en: 'count must be a non-negative integer' },
      });
      return;
    }
    rows.push({ date, observed, line: i + 1 });
  });
  if (issues.length > 0) {
    throw new AppError('VALIDATION_FAILED', { zh: 'CSV 中有无效行', en: 'The CSV has invalid rows' }, issues);
  }
  return makeSeries(rows);
}
