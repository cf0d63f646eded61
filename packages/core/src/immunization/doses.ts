/**
 * Doses: the full record kept for every vaccination (vaccine, dose, date, manufacturer, lot, site,
 * the administering clinic, programme or not), the short form the due list reads, the
 * `--given` text a person types, and the programme engine's view of a dose (a `vaccination`
 * event). The lot is stored as written and also in a normal form, so "who received lot X" is one
 * indexed look-up however the lot was typed.
 */
import { z } from 'zod';
import { AppError, type Bilingual, type ErrorIssue } from '../errors';
import { isIsoDate } from '../programmes/dates';
import type { ServiceEvent } from '../programmes/facts';
import { bilingualMessage, type EventTypeDef } from '../programmes/schema';
import type { ImmunizationSchedule } from './schema';
import { doseNumbersOf, eventCode, findVaccine, placements } from './vaccines';

/** A dose as the due list reads it: a vaccine code of the schedule, the dose number, the date. */
export interface GivenDose {
  vaccine: string;
  dose: number;
  date: string;
}

/** Injection sites (接种部位). */
export const SITES = [
  'left-deltoid',
  'right-deltoid',
  'left-thigh',
  'right-thigh',
  'oral',
  'intranasal',
  'other',
] as const;
export type Site = (typeof SITES)[number];
export const SITE_NAMES: Record<Site, Bilingual> = {
  'left-deltoid': { zh: '左上臂三角肌', en: 'left deltoid' },
  'right-deltoid': { zh: '右上臂三角肌', en: 'right deltoid' },
  'left-thigh': { zh: '左大腿前外侧', en: 'left anterolateral thigh' },
  'right-thigh': { zh: '右大腿前外侧', en: 'right anterolateral thigh' },
  oral: { zh: '口服', en: 'oral' },
  intranasal: { zh: '鼻内', en: 'intranasal' },
  other: { zh: '其他', en: 'other' },
};

const isoDate = z
  .string()
  .refine(isIsoDate, { error: bilingualMessage('日期无效（应为 YYYY-MM-DD）', 'Not a date (YYYY-MM-DD)') });

/** Every dose records what, which, when, whose lot, where on the body, and where it was given. */
export const doseRecordSchema = z.strictObject({
  /** Vaccine code of the schedule (HepB, JE-I, PCV13 …). */
  vaccine: z.string().min(1).max(32),
  /** Dose number as the schedule table numbers it (bOPV is dose 3 or 4). */
  dose: z.number().int().min(1).max(20),
  date: isoDate,
  manufacturer: z.string().trim().min(1).max(200),
  /** Lot (批号) as written on the vial. */
  lot: z.string().trim().min(1).max(64),
  expiry: isoDate.optional(),
  site: z.enum(SITES),
  /** Org unit id of the administering clinic (接种单位). */
  clinic: z.string().min(1).max(64),
  /** Given under the national (or a provincial) programme, free of charge; false = self-paid. */
  programme: z.boolean(),
});
export type DoseRecord = z.infer<typeof doseRecordSchema>;

/** A lot number in the form it is indexed under: NFKC, no spaces or hyphens, upper case. */
export function normalizeLot(lot: string): string {
  return lot
    .normalize('NFKC')
    .replace(/[\s\-_]+/g, '')
    .toUpperCase();
}

/**
 * Checks a dose record against the schedule: the vaccine exists, a programme vaccine's dose
 * number is one the table has, the site fits the route, the lot was not expired. Returns the
 * problems (field, zh/en); none means the record may be stored.
 */
export function checkDoseRecord(schedule: ImmunizationSchedule, record: DoseRecord): ErrorIssue[] {
  const issues: ErrorIssue[] = [];
  const v = schedule.vaccines.find((x) => x.code === record.vaccine);
  if (!v) {
    return [
      {
        field: 'vaccine',
        value: record.vaccine,
        message: { zh: `未知疫苗 ${record.vaccine}`, en: `Unknown vaccine ${record.vaccine}` },
      },
    ];
  }
  if (v.programme && placements(schedule, v.code, record.dose).length === 0) {
    issues.push({ field: 'dose', value: record.dose, message: noSuchDose(schedule, v.code, record.dose) });
  }
  const oral = v.route === 'oral';
  if (oral !== (record.site === 'oral')) {
    issues.push({
      field: 'site',
      value: record.site,
      message: oral
        ? { zh: `${v.name.zh}为口服疫苗，部位应为“口服”`, en: `${v.name.en} is oral; the site is "oral"` }
        : {
            zh: `${v.name.zh}为${v.route === 'intranasal' ? '鼻喷' : '注射'}疫苗，部位不能是“口服”`,
            en: `${v.name.en} is not oral; the site cannot be "oral"`,
          },
    });
  }
  if (record.expiry !== undefined && record.expiry < record.date) {
    issues.push({
      field: 'expiry',
      value: record.expiry,
      message: {
        zh: `接种日期 ${record.date} 晚于该批号有效期 ${record.expiry}`,
        en: `Given on ${record.date}, after the lot expired on ${record.expiry}`,
      },
    });
  }
  return issues;
}

/** "乙肝疫苗没有第4剂（程序中为第1、2、3剂）". */
function noSuchDose(schedule: ImmunizationSchedule, code: string, dose: number): Bilingual {
  const v = schedule.vaccines.find((x) => x.code === code);
  const numbers = doseNumbersOf(schedule, code);
  return {
    zh: `${v?.name.zh ?? code}没有第${dose}剂（程序表中为第${numbers.join('、')}剂）`,
    en: `${v?.name.en ?? code} has no dose ${dose} (the schedule table numbers it ${numbers.join(', ')})`,
  };
}

/** The programme engine's event type for doses: what a coverage rule may read. */
export function vaccinationEventType(schedule: ImmunizationSchedule): EventTypeDef {
  return {
    code: 'vaccination',
    name: { zh: '预防接种', en: 'vaccination' },
    fields: [
      {
        code: 'vaccine',
        name: { zh: '疫苗', en: 'Vaccine' },
        type: 'code',
        required: true,
        options: schedule.vaccines.map((v) => ({ code: eventCode(v.code), name: v.name })),
      },
      {
        code: 'dose',
        name: { zh: '剂次', en: 'Dose' },
        type: 'number',
        required: true,
        min: 1,
        max: 20,
        integer: true,
      },
      {
        code: 'manufacturer',
        name: { zh: '生产企业', en: 'Manufacturer' },
        type: 'text',
        required: true,
        maxLength: 200,
      },
      { code: 'lot', name: { zh: '疫苗批号', en: 'Lot' }, type: 'text', required: true, maxLength: 64 },
      {
        code: 'site',
        name: { zh: '接种部位', en: 'Site' },
        type: 'code',
        required: true,
        options: SITES.map((s) => ({ code: s, name: SITE_NAMES[s] })),
      },
      {
        code: 'programme',
        name: { zh: '免疫规划疫苗', en: 'Programme dose' },
        type: 'boolean',
        required: true,
      },
    ],
  };
}

/** A dose record as a `vaccination` event of the programme engine, owned by the clinic that gave it. */
export function toVaccinationEvent(id: string, record: DoseRecord): ServiceEvent {
  return {
    id,
    type: 'vaccination',
    date: record.date,
    facility: record.clinic,
    fields: {
      vaccine: eventCode(record.vaccine),
      dose: record.dose,
      manufacturer: record.manufacturer,
      lot: normalizeLot(record.lot),
      site: record.site,
      programme: record.programme,
    },
  };
}

/** At most this many problems are listed; the rest are counted. */
const MAX_ISSUES = 20;

/**
 * Reads `--given` text: items `vaccine:dose:date` separated by commas (，；; also), the vaccine
 * written as the schedule writes it (乙肝疫苗), by its code (HepB) or an alias; the dose as the
 * table numbers it (1, 第1剂). Every problem names the item and field; nothing is returned unless
 * every item is good.
 * @throws AppError VALIDATION_FAILED
 */
export function parseGiven(schedule: ImmunizationSchedule, text: string): GivenDose[] {
  const items = text
    .split(/[,，;；]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const out: GivenDose[] = [];
  const issues: ErrorIssue[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const n = i + 1;
    const problem = (field: string, value: string, zh: string, en: string): void => {
      issues.push({
        field: `--given[${n}].${field}`,
        value,
        message: { zh: `第 ${n} 项“${item}”：${zh}`, en: `item ${n} "${item}": ${en}` },
      });
    };
    const parts = item.split(/[:：]/).map((s) => s.trim());
    if (parts.length !== 3) {
      problem(
        'item',
        item,
        '应写作 疫苗:剂次:日期，如 乙肝疫苗:1:2024-01-15',
        'write vaccine:dose:date, e.g. 乙肝疫苗:1:2024-01-15 or HepB:1:2024-01-15'
      );
      return;
    }
    const [name = '', doseText = '', date = ''] = parts;
    const v = findVaccine(schedule, name);
    const m = /^(?:第)?(\d{1,2})(?:剂次|剂|针)?$/.exec(doseText);
    const dose = m ? Number(m[1]) : NaN;
    if (!v) {
      problem(
        'vaccine',
        name,
        `未知疫苗“${name}”（请用程序表中的名称，如 乙肝疫苗、脊灰灭活疫苗，或编码 HepB、IPV）`,
        `unknown vaccine "${name}" (use the schedule's name, e.g. 乙肝疫苗, 脊灰灭活疫苗, or its code, e.g. HepB, IPV)`
      );
    }
    if (!m || dose < 1 || dose > 20) {
      problem(
        'dose',
        doseText,
        `剂次“${doseText}”应为 1～20 的整数`,
        `dose "${doseText}" is a whole number 1–20`
      );
    } else if (v && v.programme && placements(schedule, v.code, dose).length === 0) {
      const msg = noSuchDose(schedule, v.code, dose);
      problem('dose', doseText, msg.zh, msg.en);
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !isIsoDate(date)) {
      problem(
        'date',
        date,
        `日期“${date}”无效，应为 YYYY-MM-DD`,
        `date "${date}" is not a date written YYYY-MM-DD`
      );
    }
    if (!v || !m || !isIsoDate(date)) return;
    const key = `${v.code}:${dose}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problem(
        'dose',
        doseText,
        `${v.name.zh}第${dose}剂已在第 ${earlier} 项给出`,
        `${v.name.en} dose ${dose} is already given in item ${earlier}`
      );
      return;
    }
    seen.set(key, n);
    out.push({ vaccine: v.code, dose, date });
  });
  if (issues.length > 0) {
    const shown = issues.slice(0, MAX_ISSUES);
    const more = issues.length - shown.length;
    const first = shown[0]?.message ?? { zh: '', en: '' };
    throw new AppError(
      'VALIDATION_FAILED',
      {
        zh: `--given 有 ${issues.length} 处错误：${first.zh}${more > 0 ? `；另有 ${more} 处未列出` : ''}`,
        en: `--given has ${issues.length} problem(s): ${first.en}${more > 0 ? `; ${more} more not listed` : ''}`,
      },
      shown
    );
  }
  return out;
}
