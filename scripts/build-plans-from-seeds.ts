/**
 * One-off transcription of the five seed plans into plans/*.yaml. It reads the structured
 * extracts (../shared/seeds/extracted/NNN.json), finds each row's source line in the plan text,
 * maps names to catalogue codes and writes one YAML file per plan (the review tables of the
 * previous plan become plans of their own). The YAML files are the source of truth afterwards:
 * they have been reviewed by hand since (every target in the plan's own words, with readings,
 * derived numbers, stated changes and footnotes beside it), and the extracts paraphrase some
 * targets. Do not rerun this over the reviewed files; if you rebuild, the failures of
 * packages/server/src/modules/plans/plans-verbatim.test.ts list what to review.
 *
 *   npx tsx scripts/build-plans-from-seeds.ts [path/to/shared/seeds]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { buildNameIndex, parseObserved, parseTarget, splitUnitFromName } from '../packages/core/src/index';
import type { PlanFile, PlanProject, PlanRow } from '../packages/core/src/plans/schema';
import { loadCatalogue } from '../packages/server/src/modules/catalogue';

interface XRow {
  seq: string | null;
  category: string | null;
  name: string;
  unit: string | null;
  scope: string | null;
  baseline: { year: number; raw: string } | null;
  targets: { year: number; level: string; raw: string }[];
  actual: { year: number; raw: string } | null;
  attribute: string | null;
  statusAsWritten: string | null;
  note: string | null;
}
interface Extract {
  seedFile: string;
  plan: {
    region: string;
    title: string | null;
    planPeriod: [number, number];
    baseYear: number;
    issuer: string | null;
    draftOrFinal: string | null;
    date: string | null;
  };
  indicatorTables: { title: string; kind: string; rows: XRow[] }[];
  numericTargetsInText: {
    quote: string;
    what: string;
    target: string;
    year: number | null;
    section: string;
  }[];
  baselineFactsInText: { quote: string; what: string; value: string; year: number | null }[];
  keyProjects: {
    name: string;
    category: string | null;
    scale: string | null;
    investment: string | null;
    years: string | null;
    status: string | null;
    section: string;
  }[];
}

const seeds = process.argv[2] ?? join(import.meta.dirname, '../../shared/seeds');
const root = join(import.meta.dirname, '..');
const catalogue = loadCatalogue(join(root, 'catalogue'));
const codeOf = buildNameIndex(catalogue.indicators);
const indicatorByCode = new Map(catalogue.indicators.map((i) => [i.code, i]));

const PLANS = [
  {
    file: '000_472c49a1ba02be0b.txt',
    json: '000.json',
    id: 'futian-2021',
    review: 'futian-2016',
    region: '440304',
    parent: undefined,
    titleEn: 'Futian District 14th Five-Year Health Plan',
  },
  {
    file: '001_1089f704d02fb494.txt',
    json: '001.json',
    id: 'guangming-2021',
    review: undefined,
    region: '440311',
    parent: undefined,
    titleEn: 'Guangming District 14th Five-Year Health Plan',
  },
  {
    file: '002_b7f0c9319f200a21.txt',
    json: '002.json',
    id: 'longgang-2026',
    review: undefined,
    region: '440307',
    parent: undefined,
    titleEn: 'Longgang District 15th Five-Year Health Development Plan',
  },
  {
    file: '003_0088d1915777a4e3.txt',
    json: '003.json',
    id: 'xiangqiao-2021',
    review: 'xiangqiao-2016',
    region: '445102',
    parent: undefined,
    titleEn: 'Xiangqiao District 14th Five-Year Health Development Plan (draft for comment)',
  },
  {
    file: '004_c3b46ea3b2ae820f.txt',
    json: '004.json',
    id: 'fuzhou-2021',
    review: undefined,
    region: '350100',
    parent: undefined,
    titleEn: 'Fuzhou 14th Five-Year Health Development Special Plan',
  },
] as const;

const squash = (s: string): string => s.replace(/\s+/g, '');

/** The first line of the plan text that holds `needle` (ignoring whitespace), cut to a window around it. */
function findQuote(lines: string[], needle: string, after = 0): string | undefined {
  const key = squash(needle);
  if (key.length < 2) return undefined;
  const pattern = new RegExp(
    Array.from(key)
      .map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('\\s*')
  );
  for (let i = after; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\s+/g, ' ').trim();
    const m = pattern.exec(line);
    if (!m) continue;
    if (line.length <= 240) return line;
    const start = Math.max(0, m.index - 60);
    return `${start > 0 ? '…' : ''}${line.slice(start, start + 240)}…`;
  }
  return undefined;
}

function attribute(raw: string | null): 'expected' | 'binding' | null {
  if (!raw) return null;
  if (raw.includes('约束')) return 'binding';
  if (raw.includes('预期')) return 'expected';
  return null;
}

function level(raw: string): 'district' | 'city' | 'province' | 'national' {
  return raw === 'city' || raw === 'province' || raw === 'national' ? raw : 'district';
}

function history(note: string | null): { year: number; raw: string; source: 'table' }[] {
  const m = note ? /2015年 column: '([^']+)'/.exec(note) : null;
  return m?.[1] ? [{ year: 2015, raw: m[1], source: 'table' }] : [];
}

function tableRow(
  r: XRow,
  index: number,
  tableNo: number,
  title: string,
  lines: string[],
  titleLine: number
): PlanRow {
  const split = splitUnitFromName(r.name);
  const code = codeOf(r.name);
  const unit = r.unit ?? split.unit ?? (code ? indicatorByCode.get(code)?.unit : undefined) ?? undefined;
  const found = findQuote(lines, r.name, titleLine) ?? findQuote(lines, r.name);
  const quote = found ?? `${title} ${r.name}`;
  const baseline =
    r.baseline && parseObserved(r.baseline.raw).value !== null
      ? { year: r.baseline.year, raw: r.baseline.raw, source: 'table' as const }
      : null;
  return {
    key: `T${tableNo}-${String(index + 1).padStart(2, '0')}`,
    origin: 'table',
    table: title,
    ...(r.seq ? { seq: r.seq } : {}),
    ...(r.category ? { category: r.category.replace(/\s+/g, '') } : {}),
    name: r.name,
    ...(unit ? { unit } : {}),
    ...(r.scope && r.scope !== '——' ? { scope: r.scope } : {}),
    indicator: code,
    // A plan-specific count of resources (district-owned beds, physicians, nurses) improves upwards.
    ...(code === null && /床位数|病床数|医师数|护士数|人员数/.test(r.name)
      ? { direction: 'increase' as const }
      : {}),
    attribute: attribute(r.attribute),
    baseline:
      baseline ??
      (r.baseline ? { year: r.baseline.year, raw: r.baseline.raw, source: 'table' as const } : null),
    targets: r.targets.map((t) => ({ year: t.year, level: level(t.level), raw: t.raw })),
    ...(history(r.note).length ? { history: history(r.note) } : {}),
    ...(r.actual ? { actual: { year: r.actual.year, raw: r.actual.raw } } : {}),
    ...(r.statusAsWritten ? { statusAsWritten: r.statusAsWritten } : {}),
    quote,
    ...(found === undefined ? { quoteAssembled: true as const } : {}),
    ...(r.note ? { note: r.note } : {}),
  };
}

/** Sections that set out what is to be done: what they say of a project is a goal, not a status. */
const TASK_SECTION = /主要任务|重点任务|建设任务|发展目标/;

/** A project's status only as the text states it: a table's category or remark, or a review. */
function projectStatus(
  category: string | null,
  status: string | null,
  section: string
): PlanProject['status'] {
  if (TASK_SECTION.test(section)) return null;
  const text = `${category ?? ''} ${status ?? ''}`;
  if (/完成|投入使用/.test(status ?? '')) return 'completed';
  if (/续建/.test(text)) return 'continuing';
  if (/启动/.test(text)) return 'started';
  if (/谋划/.test(text)) return 'planned';
  return null;
}

/** A project quote only where the text was found: never the section path in its place. */
function quoteOf(found: string | undefined): { quote?: string } {
  return found === undefined ? {} : { quote: found };
}

function project(
  p: Extract['keyProjects'][number],
  i: number,
  lines: string[],
  fuzhouTable: boolean
): PlanProject {
  const scale = p.scale ?? '';
  const beds =
    /(?:床位数?(?:达到)?|规划床位数?|总床位数)\s*(\d+(?:\.\d+)?)\s*(?:张|床)/.exec(scale) ??
    /(\d+)\s*(?:张|床)(?!位)/.exec(scale);
  const area = /(?:总建筑面积|建筑面积|建筑规模)(?:为)?\s*(\d+(?:\.\d+)?)\s*(万)?\s*(?:平方米|㎡|m²)/.exec(
    scale
  );
  const years = p.years ? /(\d{4})\s*[—-]\s*(\d{4})/.exec(p.years) : null;
  const floorArea =
    fuzhouTable && p.scale
      ? Number(p.scale) * 10000
      : area
        ? Number(area[1]) * (area[2] ? 10000 : 1)
        : undefined;
  return {
    key: `P-${String(i + 1).padStart(2, '0')}`,
    name: p.name,
    ...(p.category ? { category: p.category } : {}),
    status: projectStatus(p.category, p.status, p.section),
    ...(p.status === '不含土地'
      ? { remark: p.status }
      : p.status && TASK_SECTION.test(p.section)
        ? { goal: p.status }
        : p.status
          ? { statusAsWritten: p.status }
          : {}),
    ...(p.scale ? { scale: p.scale } : {}),
    ...(beds ? { beds: Number(beds[1]) } : {}),
    ...(floorArea !== undefined && !Number.isNaN(floorArea) ? { floorAreaM2: Math.round(floorArea) } : {}),
    ...(fuzhouTable && p.investment
      ? { investmentYi: Number(p.investment) }
      : p.investment
        ? { investmentRaw: p.investment }
        : {}),
    ...(p.years ? { years: p.years } : {}),
    ...(years ? { startYear: Number(years[1]), endYear: Number(years[2]) } : {}),
    section: p.section,
    ...quoteOf(findQuote(lines, p.name.slice(0, 14))),
  };
}

/** Several indicators named in one sentence: take the one the English digest is about. */
function pickCode(codes: string[], what: string): string | null {
  const unique = [...new Set(codes)];
  if (unique.length <= 1) return unique[0] ?? null;
  const words = (code: string): string[] =>
    (indicatorByCode.get(code)?.name.en ?? '')
      .toLowerCase()
      .split(/[^a-z]+/)
      .filter((w) => w.length > 4);
  const score = (code: string): number => words(code).filter((w) => what.toLowerCase().includes(w)).length;
  return unique.reduce((best, c) => (score(c) > score(best) ? c : best));
}

function textRows(x: Extract, lines: string[], tableCodes: Map<string, PlanRow>, end: number): PlanRow[] {
  const rows: PlanRow[] = [];
  const aliases = catalogue.indicators.flatMap((ind) =>
    [ind.name.zh, ...ind.aliases].map((n) => [squash(n), ind.code] as const)
  );
  aliases.sort((a, b) => b[0].length - a[0].length);
  for (const t of x.numericTargetsInText) {
    const q = squash(t.quote);
    const code = pickCode(
      aliases.filter(([n]) => q.includes(n)).map(([, c]) => c),
      t.what
    );
    const existing = code ? tableCodes.get(code) : undefined;
    if (existing) {
      existing.textQuotes = [...(existing.textQuotes ?? []), t.quote];
      continue;
    }
    const target = parseTarget(t.target);
    rows.push({
      key: `X-${String(rows.length + 1).padStart(2, '0')}`,
      origin: 'text',
      name: t.quote,
      nameEn: t.what,
      ...(target.unit ? { unit: target.unit } : code ? { unit: indicatorByCode.get(code)?.unit ?? '' } : {}),
      indicator: code,
      attribute: null,
      baseline: null,
      targets: [
        {
          year: t.year ?? end,
          level: 'district',
          raw: t.target,
          ...(t.year === null ? { yearStated: false } : {}),
        },
      ],
      quote: t.quote,
      section: t.section,
    });
  }
  return rows;
}

/** Fill missing baselines from the review table of the same plan, then from text sentences. */
function fillBaselines(rows: PlanRow[], review: PlanRow[], x: Extract, baseYear: number): void {
  for (const row of rows) {
    if (row.baseline || !row.indicator) continue;
    const prev = review.find(
      (r) => r.indicator === row.indicator && r.actual && parseObserved(r.actual.raw).value !== null
    );
    if (prev?.actual && prev.actual.year === baseYear) {
      row.baseline = {
        year: prev.actual.year,
        raw: prev.actual.raw,
        source: 'previous-plan',
        quote: prev.quote,
      };
      continue;
    }
    const ind = indicatorByCode.get(row.indicator);
    const names = ind ? [ind.name.zh, ...ind.aliases].map(squash) : [];
    const fact = x.baselineFactsInText.find(
      (f) =>
        f.year === baseYear &&
        names.some((n) => squash(f.quote).includes(n)) &&
        parseObserved(f.value).value !== null
    );
    if (fact) row.baseline = { year: baseYear, raw: fact.value, source: 'text', quote: fact.quote };
  }
}

const regionNames = new Map(
  readFileSync(join(root, 'reference/regions.csv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => {
      const [code, name] = l.split(',');
      return [code ?? '', name ?? ''] as const;
    })
);

for (const spec of PLANS) {
  const x = JSON.parse(readFileSync(join(seeds, 'extracted', spec.json), 'utf8')) as Extract;
  const lines = readFileSync(join(seeds, spec.file), 'utf8').split('\n');
  const [start, end] = x.plan.planPeriod;
  const main: PlanRow[] = [];
  const review: PlanRow[] = [];
  let reviewTitle = '';
  x.indicatorTables.forEach((table, ti) => {
    const titleLine = Math.max(
      0,
      lines.findIndex((l) => squash(l).includes(squash(table.title).slice(0, 12)))
    );
    const rows = table.rows.map((r, i) => tableRow(r, i, ti + 1, table.title, lines, titleLine));
    if (table.kind === 'review-of-previous-plan') {
      review.push(...rows);
      reviewTitle = table.title;
    } else main.push(...rows);
  });
  fillBaselines(main, review, x, x.plan.baseYear);
  const tableCodes = new Map(main.filter((r) => r.indicator).map((r) => [r.indicator as string, r]));
  const text = textRows(x, lines, tableCodes, end);
  const fuzhou = spec.id === 'fuzhou-2021';
  const plan: PlanFile = {
    id: spec.id,
    title:
      x.plan.title ??
      (spec.id === 'longgang-2026'
        ? '龙岗区卫生健康事业发展“十五五”规划'
        : '福州市“十四五”卫生健康发展专项规划'),
    titleEn: spec.titleEn,
    region: spec.region,
    regionName: regionNames.get(spec.region) ?? x.plan.region,
    period: [start, end],
    baseYear: x.plan.baseYear,
    kind: 'plan',
    scheduleMethod: 'linear',
    source: {
      seedFile: spec.file,
      ...(x.plan.issuer ? { issuer: x.plan.issuer } : {}),
      ...(x.plan.draftOrFinal ? { status: x.plan.draftOrFinal } : {}),
      ...(x.plan.date ? { date: x.plan.date } : {}),
    },
    rows: [...main, ...text],
    projects: x.keyProjects.map((p, i) => project(p, i, lines, fuzhou && p.section.startsWith('附表'))),
  };
  writeFileSync(join(root, 'plans', `${spec.id}.yaml`), stringify(plan, { lineWidth: 0 }));
  if (spec.review) {
    const reviewPlan: PlanFile = {
      id: spec.review,
      title: reviewTitle.replace(/^表\s*\d+\s*[:：]\s*/, ''),
      region: spec.region,
      regionName: regionNames.get(spec.region) ?? x.plan.region,
      period: [2016, 2020],
      baseYear: 2015,
      kind: 'review',
      successor: spec.id,
      scheduleMethod: spec.review === 'futian-2016' ? 'ratio' : 'linear',
      source: { seedFile: spec.file },
      rows: review,
      projects: [],
    };
    writeFileSync(join(root, 'plans', `${spec.review}.yaml`), stringify(reviewPlan, { lineWidth: 0 }));
  }
  console.log(
    `${spec.id}: ${main.length} table rows (${main.filter((r) => r.indicator).length} mapped), ${text.length} text rows, ${plan.projects.length} projects${spec.review ? `; ${spec.review}: ${review.length} rows (${review.filter((r) => r.indicator).length} mapped)` : ''}`
  );
  for (const r of [...main, ...review]) if (!r.indicator) console.log(`   unmapped: ${r.name}`);
}
