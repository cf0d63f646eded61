/**
 * Loading a schedule: the YAML object (parsed by the caller) is checked against the schema, then
 * against itself — every vaccine a dose names exists, intervals point to earlier doses, every
 * name a clinic may type resolves to one vaccine only. Every problem names the file, the path
 * and the field, in Chinese and English.
 */
import { AppError, type Bilingual, type ErrorIssue } from '../errors';
import { formatPath, ruleSetIssues } from '../programmes/load';
import { immunizationScheduleSchema, type ImmunizationSchedule } from './schema';
import { nameKey, eventCode } from './vaccines';

interface Problem {
  path: (string | number)[];
  message: Bilingual;
}

/**
 * Parse and check one schedule file.
 * @param raw - the YAML document as an object
 * @param file - the file name, for messages
 * @throws AppError VALIDATION_FAILED listing every problem (file, path, zh/en)
 */
export function parseImmunizationSchedule(raw: unknown, file: string): ImmunizationSchedule {
  const parsed = immunizationScheduleSchema.safeParse(raw);
  if (!parsed.success) throw invalid(file, ruleSetIssues(file, parsed.error.issues));
  const issues = checkImmunizationSchedule(parsed.data).map((p) => ({
    field: `${file}: ${formatPath(p.path)}`,
    message: p.message,
  }));
  if (issues.length > 0) throw invalid(file, issues);
  return parsed.data;
}

function invalid(file: string, issues: ErrorIssue[]): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    { zh: `免疫程序 ${file} 无效`, en: `Immunization schedule ${file} is invalid` },
    issues
  );
}

/** Checks beyond the schema: references between vaccines, series, tracks and doses. */
export function checkImmunizationSchedule(s: ImmunizationSchedule): Problem[] {
  const problems: Problem[] = [];
  const add = (path: Problem['path'], zh: string, en: string): void => {
    problems.push({ path, message: { zh, en } });
  };
  const vaccines = new Map(s.vaccines.map((v) => [v.code, v]));
  const seriesCodes = new Set(s.series.map((x) => x.code));

  // Every name, code and alias must lead to one vaccine, and codes must make event option codes.
  const names = new Map<string, string>();
  const events = new Map<string, string>();
  for (const [i, v] of s.vaccines.entries()) {
    if (s.vaccines.findIndex((w) => w.code === v.code) !== i) {
      add(['vaccines', i, 'code'], `疫苗编码重复 ${v.code}`, `Duplicate vaccine code ${v.code}`);
    }
    const ev = eventCode(v.code);
    const other = events.get(ev);
    if (other !== undefined && other !== v.code) {
      add(
        ['vaccines', i, 'code'],
        `疫苗编码 ${v.code} 与 ${other} 仅大小写不同`,
        `Vaccine codes ${v.code} and ${other} differ only in case`
      );
    }
    events.set(ev, v.code);
    for (const [field, text] of [
      ['code', v.code],
      ['name.zh', v.name.zh],
      ...v.aliases.map((a, k) => [`aliases[${k}]`, a] as const),
    ] as const) {
      const key = nameKey(text);
      const owner = names.get(key);
      if (owner !== undefined && owner !== v.code) {
        add(
          ['vaccines', i, ...field.split('.')],
          `名称“${text}”已用于疫苗 ${owner}`,
          `The name "${text}" already belongs to vaccine ${owner}`
        );
      }
      names.set(key, v.code);
    }
    for (const [k, c] of v.counts.entries()) {
      if (!seriesCodes.has(c)) {
        add(['vaccines', i, 'counts', k], `未知系列 ${c}`, `Unknown series ${c}`);
      }
    }
  }

  const programmeVaccine = (code: string, path: Problem['path']): void => {
    const v = vaccines.get(code);
    if (!v) add(path, `未知疫苗 ${code}`, `Unknown vaccine ${code}`);
    else if (!v.programme) {
      add(path, `${code} 不是免疫规划疫苗`, `${code} is not a programme vaccine`);
    }
  };

  for (const [i, series] of s.series.entries()) {
    if (s.series.findIndex((x) => x.code === series.code) !== i) {
      add(['series', i, 'code'], `系列编码重复 ${series.code}`, `Duplicate series code ${series.code}`);
    }
    const multi = series.tracks.length > 1;
    if (multi && series.tracks.filter((t) => t.default).length !== 1) {
      add(
        ['series', i, 'tracks'],
        '可替代的程序中需恰好一个 default: true',
        'Exactly one alternative track must be default: true'
      );
    }
    for (const [j, track] of series.tracks.entries()) {
      const base: Problem['path'] = multi ? ['series', i, 'tracks', j] : ['series', i];
      if (multi && series.tracks.findIndex((t) => t.code === track.code) !== j) {
        add([...base, 'code'], `程序编码重复 ${track.code}`, `Duplicate track code ${track.code}`);
      }
      for (const [k, slot] of track.doses.entries()) {
        const path: Problem['path'] = [...base, 'doses', k];
        const previous = track.doses[k - 1];
        if (previous && previous.dose >= slot.dose) {
          add([...path, 'dose'], '剂次应按顺序递增', 'Dose numbers must increase');
        }
        programmeVaccine(slot.vaccine, [...path, 'vaccine']);
        slot.alsoAccepts.forEach((c, m) => programmeVaccine(c, [...path, 'alsoAccepts', m]));
        for (const [m, iv] of slot.after.entries()) {
          const earlier = track.doses.slice(0, k).some((d) => d.dose === iv.dose);
          if (!earlier) {
            add(
              [...path, 'after', m, 'dose'],
              `间隔须指向本程序中更早的剂次（没有第 ${iv.dose} 剂）`,
              `An interval must refer to an earlier dose of the track (no dose ${iv.dose})`
            );
          }
        }
      }
    }
    const late = series.lateCourse;
    if (late) {
      programmeVaccine(late.vaccine, ['series', i, 'lateCourse', 'vaccine']);
      for (const [m, iv] of late.after.entries()) {
        if (iv.dose < 2 || iv.dose > late.total) {
          add(
            ['series', i, 'lateCourse', 'after', m, 'dose'],
            `补种剂次应在 2～${late.total} 之间`,
            `A catch-up course dose is between 2 and ${late.total}`
          );
        }
      }
    }
  }
  return problems;
}
