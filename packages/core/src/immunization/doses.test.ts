/**
 * Doses as people write them (`--given`), as records (manufacturer, lot, site, clinic), and as
 * the programme engine's events; and the schedule loader's messages.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { checkDoseRecord, normalizeLot, parseGiven, toVaccinationEvent, type DoseRecord } from './doses';
import { rawSchedule, schedule } from './fixtures/read';
import { parseImmunizationSchedule } from './load';

const s = schedule();

const reject = (f: () => unknown): AppError => {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
};

describe('parseGiven', () => {
  it('reads Chinese names as the schedule writes them, codes, aliases and full-width text', () => {
    expect(
      parseGiven(
        s,
        '乙肝疫苗:1:2024-01-15, HepB:2:2024-02-15，脊灰灭活疫苗：1：2024-03-15; ｂＯＰＶ:第3剂:2024-05-20；A群C群流脑多糖疫苗:3:2027-01-20,甲型肝炎灭活疫苗:1:2025-07-20,'
      )
    ).toEqual([
      { vaccine: 'HepB', dose: 1, date: '2024-01-15' },
      { vaccine: 'HepB', dose: 2, date: '2024-02-15' },
      { vaccine: 'IPV', dose: 1, date: '2024-03-15' },
      { vaccine: 'bOPV', dose: 3, date: '2024-05-20' },
      { vaccine: 'MPSV-AC', dose: 3, date: '2027-01-20' },
      { vaccine: 'HepA-I', dose: 1, date: '2025-07-20' },
    ]);
    expect(parseGiven(s, '  ')).toEqual([]);
  });

  it('accepts non-programme vaccines with any dose number', () => {
    expect(parseGiven(s, '13价肺炎疫苗:2:2024-05-01,五联疫苗:1:2024-03-15')).toEqual([
      { vaccine: 'PCV13', dose: 2, date: '2024-05-01' },
      { vaccine: 'DTaP-IPV-Hib', dose: 1, date: '2024-03-15' },
    ]);
  });

  it('names every bad item and field, in both languages, and returns nothing', () => {
    const e = reject(() =>
      parseGiven(
        s,
        '乙肝疫苗:1:2024-01-15,乙肝:1:2024-01-15,乙肝疫苗:4:2024-08-01,卡介苗:1:2024-02-30,百白破疫苗 1 2024-04-15,乙肝疫苗:1:2024-01-16'
      )
    );
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.issues.map((i) => [i.field, i.message.zh])).toEqual([
      [
        '--given[2].vaccine',
        '第 2 项“乙肝:1:2024-01-15”：未知疫苗“乙肝”（请用程序表中的名称，如 乙肝疫苗、脊灰灭活疫苗，或编码 HepB、IPV）',
      ],
      ['--given[3].dose', '第 3 项“乙肝疫苗:4:2024-08-01”：乙肝疫苗没有第4剂（程序表中为第1、2、3剂）'],
      ['--given[4].date', '第 4 项“卡介苗:1:2024-02-30”：日期“2024-02-30”无效，应为 YYYY-MM-DD'],
      [
        '--given[5].item',
        '第 5 项“百白破疫苗 1 2024-04-15”：应写作 疫苗:剂次:日期，如 乙肝疫苗:1:2024-01-15',
      ],
      ['--given[6].dose', '第 6 项“乙肝疫苗:1:2024-01-16”：乙肝疫苗第1剂已在第 1 项给出'],
    ]);
    expect(e.issues[1]?.message.en).toBe(
      'item 3 "乙肝疫苗:4:2024-08-01": Hepatitis B vaccine has no dose 4 (the schedule table numbers it 1, 2, 3)'
    );
    expect(e.messages.en).toBe(
      '--given has 5 problem(s): item 2 "乙肝:1:2024-01-15": unknown vaccine "乙肝" (use the schedule\'s name, e.g. 乙肝疫苗, 脊灰灭活疫苗, or its code, e.g. HepB, IPV)'
    );
  });

  it('explains the table’s numbering: bOPV is polio dose 3 or 4, MPSV-AC is meningococcal dose 3 or 4', () => {
    // Any polio vaccine may fill any polio dose (catch-up counts polio doses of either kind).
    expect(parseGiven(s, 'bOPV:1:2018-03-01')).toEqual([{ vaccine: 'bOPV', dose: 1, date: '2018-03-01' }]);
    const e = reject(() => parseGiven(s, 'MPSV-AC:1:2027-01-20'));
    expect(e.issues[0]?.message.zh).toBe(
      '第 1 项“MPSV-AC:1:2027-01-20”：A群C群流脑多糖疫苗没有第1剂（程序表中为第3、4剂）'
    );
  });
});

describe('dose records', () => {
  const record: DoseRecord = {
    vaccine: 'HepB',
    dose: 1,
    date: '2024-01-15',
    manufacturer: '深圳康泰生物制品股份有限公司',
    lot: ' 2023 12-05 a ',
    expiry: '2025-12-04',
    site: 'right-deltoid',
    clinic: 'clinic-longgang-01',
    programme: true,
  };

  it('accepts a complete record and indexes its lot in one normal form', () => {
    expect(checkDoseRecord(s, record)).toEqual([]);
    expect(normalizeLot(record.lot)).toBe('20231205A');
    expect(normalizeLot('２０２３１２０５ａ')).toBe('20231205A');
    expect(toVaccinationEvent('d1', record)).toEqual({
      id: 'd1',
      type: 'vaccination',
      date: '2024-01-15',
      facility: 'clinic-longgang-01',
      fields: {
        vaccine: 'hepb',
        dose: 1,
        manufacturer: '深圳康泰生物制品股份有限公司',
        lot: '20231205A',
        site: 'right-deltoid',
        programme: true,
      },
    });
  });

  it('records non-programme vaccines too', () => {
    expect(checkDoseRecord(s, { ...record, vaccine: 'EV71', dose: 2, programme: false })).toEqual([]);
  });

  it('names each problem: unknown vaccine, dose number, site against route, an expired lot', () => {
    expect(checkDoseRecord(s, { ...record, vaccine: 'HepC' })[0]?.message.en).toBe('Unknown vaccine HepC');
    const issues = checkDoseRecord(s, {
      ...record,
      vaccine: 'bOPV',
      dose: 5,
      site: 'left-thigh',
      date: '2026-01-01',
    });
    expect(issues.map((i) => [i.field, i.message.zh])).toEqual([
      ['dose', '脊灰减毒活疫苗没有第5剂（程序表中为第1、2、3、4剂）'],
      ['site', '脊灰减毒活疫苗为口服疫苗，部位应为“口服”'],
      ['expiry', '接种日期 2026-01-01 晚于该批号有效期 2025-12-04'],
    ]);
    expect(checkDoseRecord(s, { ...record, site: 'oral' })[0]?.message.en).toBe(
      'Hepatitis B vaccine is not oral; the site cannot be "oral"'
    );
  });
});

describe('parseImmunizationSchedule', () => {
  const FILE = 'catalogue/immunization/schedule-2021.yaml';
  const broken = (edit: (raw: Record<string, unknown>) => void) => {
    const raw = JSON.parse(JSON.stringify(rawSchedule('schedule-2021.yaml'))) as Record<string, unknown>;
    edit(raw);
    return reject(() => parseImmunizationSchedule(raw, FILE));
  };
  type Raw = {
    vaccines: Record<string, unknown>[];
    series: {
      tracks?: { doses: Record<string, unknown>[]; default?: boolean }[];
      doses?: Record<string, unknown>[];
    }[];
  };

  it('names the file, path and field of a schema problem, in both languages', () => {
    const e = broken((raw) => {
      ((raw as Raw).series[0]?.doses?.[1] as Record<string, unknown>).age = { month: 1 };
    });
    expect(e.messages).toEqual({
      zh: `免疫程序 ${FILE} 无效`,
      en: `Immunization schedule ${FILE} is invalid`,
    });
    expect(e.issues[0]).toMatchObject({
      field: `${FILE}: series[0].doses[1].age`,
      message: { zh: '未知字段：month', en: 'Unknown key(s): month' },
    });
  });

  it('refuses a dose naming an unknown vaccine, an interval to a later dose, a name used twice', () => {
    const e = broken((raw) => {
      const r = raw as Raw;
      const hepb = r.series[0]?.doses ?? [];
      (hepb[2] as Record<string, unknown>).vaccine = 'HepBB';
      (hepb[1] as Record<string, unknown>).after = [{ dose: 3, min: { days: 28 } }];
      (r.vaccines[1] as { aliases?: string[] }).aliases = ['乙肝疫苗'];
    });
    expect(e.issues.map((i) => [i.field, i.message.en])).toEqual([
      [`${FILE}: vaccines[1].aliases[0]`, 'The name "乙肝疫苗" already belongs to vaccine HepB'],
      [
        `${FILE}: series[0].doses[1].after[0].dose`,
        'An interval must refer to an earlier dose of the track (no dose 3)',
      ],
      [`${FILE}: series[0].doses[2].vaccine`, 'Unknown vaccine HepBB'],
    ]);
  });

  it('needs exactly one default track among alternatives', () => {
    const e = broken((raw) => {
      const je = (raw as Raw).series.find((x) => x.tracks)?.tracks ?? [];
      for (const t of je) t.default = false;
    });
    expect(e.issues).toEqual([
      {
        field: `${FILE}: series[5].tracks`,
        message: {
          zh: '可替代的程序中需恰好一个 default: true',
          en: 'Exactly one alternative track must be default: true',
        },
      },
    ]);
  });
});
