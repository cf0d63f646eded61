/** Rendering a report model as HTML, an Excel workbook or a Word document. */
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import ExcelJS from 'exceljs';
import { headings, type ReportModel } from './content';

const esc = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c
  );

export function renderHtml(m: ReportModel): string {
  const h = headings(m.lang);
  const list = (items: string[]): string => `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
  return `<!doctype html><html lang="${m.lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${esc(m.title)}</title>
<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;line-height:1.6}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:4px 6px;font-size:14px}th{background:#eee}.synthetic{border:2px solid #b00;color:#b00;padding:8px 12px;font-weight:bold}</style></head><body>
${m.syntheticBanner ? `<p class="synthetic" role="alert">${esc(m.syntheticBanner)}</p>` : ''}
<h1>${esc(m.title)}</h1><p>${esc(m.subtitle)}</p>
<h2>${h.summary}</h2>${m.summary.map((p) => `<p>${esc(p)}</p>`).join('')}
<h2>${h.table}</h2><table><thead><tr>${m.table.headers.map((x) => `<th>${esc(x)}</th>`).join('')}</tr></thead><tbody>${m.table.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>
<h2>${h.binding}</h2>${list(m.binding)}<h2>${h.lagging}</h2>${list(m.lagging)}<h2>${h.projects}</h2>${list(m.projects)}<h2>${h.findings}</h2>${list(m.findings)}
</body></html>`;
}

export async function renderXlsx(m: ReportModel): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(m.lang === 'zh' ? '指标完成情况' : 'Indicators');
  ws.addRow([m.title]);
  ws.addRow([m.subtitle]);
  // The banner takes the blank row under the title, so the header row stays on row 4.
  const banner = ws.addRow([m.syntheticBanner ?? '']);
  if (m.syntheticBanner) banner.font = { bold: true, color: { argb: 'FFB00000' } };
  const extra =
    m.lang === 'zh'
      ? [
          '基期年',
          '基期值（数值）',
          '目标年',
          '当前值来源',
          '时序进度应达',
          '进度',
          '方法',
          '阈值',
          '说明',
          '原文实现情况',
          '差异说明',
          '合成数据',
        ]
      : [
          'Baseline year',
          'Baseline value',
          'Target year',
          'Source of current value',
          'Expected on schedule',
          'Progress',
          'Method',
          'Threshold',
          'Reason',
          'Status as written',
          'Discrepancy',
          'Synthetic data',
        ];
  ws.addRow([...m.table.headers, ...extra]).font = { bold: true };
  m.table.rows.forEach((row, i) => {
    const r = m.inputs[i];
    ws.addRow([
      ...row,
      r?.baseline?.year ?? '',
      r?.baseline?.value ?? '',
      r?.target?.year ?? '',
      r?.actualSource ? m.words.source[r.actualSource] : '',
      r?.expected ?? '',
      r?.progress ?? '',
      r ? m.words.method[r.method] : '',
      r?.threshold ?? '',
      r?.reason[m.lang] ?? '',
      r?.statusAsWritten ?? '',
      r?.discrepancy?.[m.lang] ?? '',
      m.syntheticRows[i] ? m.words.yes : '',
    ]);
  });
  ws.columns.forEach((c, i) => (c.width = i === 1 ? 36 : 14));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function renderDocx(m: ReportModel): Promise<Buffer> {
  const h = headings(m.lang);
  const para = (text: string): Paragraph =>
    new Paragraph({ children: [new TextRun(text)], spacing: { after: 120 } });
  const heading = (text: string): Paragraph =>
    new Paragraph({ text, heading: HeadingLevel.HEADING_2, spacing: { before: 240, after: 120 } });
  const cell = (text: string, strong = false): TableCell =>
    new TableCell({
      // The linter resolves docx's run option `bold` to the deprecated String.prototype.bold.
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      children: [new Paragraph({ children: [new TextRun({ text, bold: strong, size: 18 })] })],
    });
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: m.table.headers.map((x) => cell(x, true)) }),
      ...m.table.rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) })),
    ],
  });
  const doc = new Document({
    creator: 'Weijian 卫健',
    title: m.title,
    sections: [
      {
        children: [
          ...(m.syntheticBanner
            ? [
                new Paragraph({
                  border: {
                    top: { style: BorderStyle.SINGLE, size: 12, color: 'B00000' },
                    bottom: { style: BorderStyle.SINGLE, size: 12, color: 'B00000' },
                    left: { style: BorderStyle.SINGLE, size: 12, color: 'B00000' },
                    right: { style: BorderStyle.SINGLE, size: 12, color: 'B00000' },
                  },
                  // eslint-disable-next-line @typescript-eslint/no-deprecated
                  children: [new TextRun({ text: m.syntheticBanner, bold: true, color: 'B00000' })],
                  spacing: { after: 240 },
                }),
              ]
            : []),
          new Paragraph({ text: m.title, heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }),
          new Paragraph({ text: m.subtitle, alignment: AlignmentType.CENTER, spacing: { after: 240 } }),
          heading(h.summary),
          ...m.summary.map(para),
          heading(h.table),
          table,
          heading(h.binding),
          ...m.binding.map(para),
          heading(h.lagging),
          ...m.lagging.map(para),
          heading(h.projects),
          ...m.projects.map(para),
          heading(h.findings),
          ...m.findings.map(para),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
