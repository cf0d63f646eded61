import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { numberRows, xlsxWithSheetData } from '../test/zip';
import { xlsxGrid } from './xlsx-stream';

describe('streaming XLSX reader', () => {
  it('reads what exceljs writes, text as cell.text gives it', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('表一');
    ws.addRow(['指标名称', '目标值', '目标年']);
    ws.addRow(['婴儿死亡率', '≤2.5', 2025]);
    ws.getCell('E4').value = 84.53;
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    expect(await xlsxGrid(buf, 'a.xlsx')).toEqual([
      ['指标名称', '目标值', '目标年', '', ''],
      ['婴儿死亡率', '≤2.5', '2025', '', ''],
      ['', '', '', '', ''],
      ['', '', '', '', '84.53'],
    ]);
  });

  it('refuses a sheet past the cell limit while streaming, before reading the rest', async () => {
    // 2,000 good rows, then XML that does not parse: a reader that loads the whole sheet first
    // fails on the bad XML; one that counts while streaming stops at the limit first.
    const buf = xlsxWithSheetData(`${numberRows(2000, 5)}<row r="2001"><c r="A2001"><v>1</broken>`);
    await expect(xlsxGrid(buf, 'bomb.xlsx', 1000)).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.stringMatching(/1,000 cells/) as string,
    });
    await expect(xlsxGrid(buf, 'bomb.xlsx', 1_000_000)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('counts the empty grid a far-away cell would create', async () => {
    const buf = xlsxWithSheetData(
      '<row r="1"><c r="A1"><v>1</v></c></row><row r="900000"><c r="Z900000"><v>1</v></c></row>'
    );
    await expect(xlsxGrid(buf, 'far.xlsx', 100_000)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('refuses what is not a workbook', async () => {
    await expect(xlsxGrid(Buffer.from('PK\u0003\u0004 not really'), 'x.xlsx')).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});
