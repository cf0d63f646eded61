/**
 * The completeness report as a file a statistics section circulates: CSV (UTF-8 with BOM, so Excel
 * opens Chinese correctly) or XLSX, one sheet of units below and one of every expected report.
 * Headers and statuses in one language, Chinese by default.
 */
import ExcelJS from 'exceljs';
import type { CompletenessCounts, CompletenessReport, ReportStatus } from '@weijian/core';

export type Lang = 'zh' | 'en';

const STATUS: Record<Lang, Record<ReportStatus, string>> = {
  zh: { onTime: '及时', late: '迟报', missing: '缺报', pending: '未到期' },
  en: { onTime: 'On time', late: 'Late', missing: 'Missing', pending: 'Not yet due' },
};

const HEAD: Record<
  Lang,
  { units: string[]; reports: string[]; sheets: [string, string]; synthetic: string }
> = {
  zh: {
    units: [
      '排名',
      '机构编码',
      '机构名称',
      '应报',
      '实报',
      '及时',
      '迟报',
      '缺报',
      '未到期',
      '上报率(%)',
      '及时率(%)',
    ],
    reports: ['机构编码', '机构名称', '上级', '状态', '上报时间', '上报人', '逾期天数', '模拟数据'],
    sheets: ['下级汇总', '报表明细'],
    synthetic: '是',
  },
  en: {
    units: [
      'Rank',
      'Org unit',
      'Name',
      'Expected',
      'Received',
      'On time',
      'Late',
      'Missing',
      'Not yet due',
      'Completeness (%)',
      'Timeliness (%)',
    ],
    reports: [
      'Org unit',
      'Name',
      'Parent',
      'Status',
      'Submitted at',
      'Submitted by',
      'Days late',
      'Synthetic',
    ],
    sheets: ['Units below', 'Reports'],
    synthetic: 'yes',
  },
};

type Cell = string | number | null;

const counts = (c: CompletenessCounts): Cell[] => [
  c.expected,
  c.received,
  c.onTime,
  c.late,
  c.missing,
  c.pending,
  c.completenessRate,
  c.timelinessRate,
];

/** The two tables of the file: units below (with the unit itself as the total line) and reports. */
export function exportTables(r: CompletenessReport, lang: Lang): { units: Cell[][]; reports: Cell[][] } {
  const h = HEAD[lang];
  const total = lang === 'zh' ? '合计' : 'Total';
  return {
    units: [
      h.units,
      ...r.children.map((c) => [c.rank, c.orgUnit, c.name, ...counts(c.counts)]),
      [total, r.orgUnit.code, r.orgUnit.name, ...counts(r.counts)],
    ],
    reports: [
      h.reports,
      ...r.reports.map((x) => [
        x.orgUnit,
        x.name,
        x.parentName,
        STATUS[lang][x.status],
        x.submittedAt,
        x.submittedBy,
        x.daysLate,
        x.synthetic ? h.synthetic : '',
      ]),
    ],
  };
}

/** A CSV field; text a spreadsheet would run as a formula is prefixed with an apostrophe. */
function csvField(v: Cell): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The report as CSV: the units table, a blank line, the reports table. */
export function completenessCsv(r: CompletenessReport, lang: Lang): string {
  const t = exportTables(r, lang);
  const lines = [...t.units, [], ...t.reports].map((row) => row.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The report as an XLSX workbook of two sheets. */
export async function completenessXlsx(r: CompletenessReport, lang: Lang): Promise<Buffer> {
  const t = exportTables(r, lang);
  const wb = new ExcelJS.Workbook();
  const [a, b] = HEAD[lang].sheets;
  for (const [name, rows] of [
    [a, t.units],
    [b, t.reports],
  ] as const) {
    const ws = wb.addWorksheet(name);
    for (const row of rows) ws.addRow(row);
    ws.getRow(1).font = { bold: true };
    ws.columns.forEach((c) => (c.width = 14));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
