/**
 * The shipped plans against the texts they were transcribed from (plans/sources/*.txt, the seed
 * plans as extracted from their documents). Every target and quote must be the plan's own words;
 * what a transcriber added (a reading, a derived number, an assembled quote) must say so.
 *
 * The source texts flatten tables and wrap lines, so "verbatim" means: found in the text once
 * all whitespace is removed. Characters are compared as they are (full-width ＞ is not >).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkConsistency, parseTarget, type PlanFile } from '@weijian/core';
import { repoPath } from '../../paths';
import { readPlanDirectory } from './files';

const plans = readPlanDirectory(repoPath('plans'));
const byId = new Map(plans.map((p) => [p.id, p]));

const squeeze = (s: string): string => s.replace(/\s+/g, '');

interface Source {
  /** The whole text without whitespace. */
  text: string;
  /** Each line without whitespace. */
  lines: string[];
}

const sources = new Map<string, Source>();
function sourceOf(plan: PlanFile): Source {
  const file = plan.source.seedFile;
  if (!file) throw new Error(`${plan.id} names no source text`);
  let src = sources.get(file);
  if (!src) {
    const text = readFileSync(repoPath('plans', 'sources', file), 'utf8');
    src = { text: squeeze(text), lines: text.split('\n').map(squeeze) };
    sources.set(file, src);
  }
  return src;
}
const inText = (src: Source, s: string): boolean => squeeze(s) !== '' && src.text.includes(squeeze(s));
const onOneLine = (src: Source, s: string): boolean => src.lines.some((l) => l.includes(squeeze(s)));

/** A project quote may be cut at either end; `…` marks the cut. */
const uncut = (q: string): string => q.replace(/^…+/, '').replace(/…+$/, '');

function plan(id: string): PlanFile {
  const p = byId.get(id);
  if (!p) throw new Error(`no plan ${id}`);
  return p;
}
function row(id: string, key: string) {
  const r = plan(id).rows.find((x) => x.key === key);
  if (!r) throw new Error(`no row ${id}/${key}`);
  return r;
}
function project(id: string, key: string) {
  const p = plan(id).projects.find((x) => x.key === key);
  if (!p) throw new Error(`no project ${id}/${key}`);
  return p;
}

describe('the shipped plans, exactly as written', () => {
  it('name a source text for every plan', () => {
    for (const p of plans) expect(() => sourceOf(p), p.id).not.toThrow();
  });

  it('write every target in the plan’s own words, found verbatim in its source text', () => {
    const notFound = plans.flatMap((p) =>
      p.rows.flatMap((r) =>
        r.targets.filter((t) => !inText(sourceOf(p), t.raw)).map((t) => `${p.id}/${r.key}: ${t.raw}`)
      )
    );
    expect(notFound).toEqual([]);
  });

  it('take a text row’s targets from the passage it quotes', () => {
    const outside = plans.flatMap((p) =>
      p.rows
        .filter((r) => r.origin === 'text')
        .flatMap((r) => {
          const passages = [r.quote, ...(r.textQuotes ?? [])].map(squeeze);
          return r.targets
            .filter((t) => !passages.some((q) => q.includes(squeeze(t.raw))))
            .map((t) => `${p.id}/${r.key}: ${t.raw}`);
        })
    );
    expect(outside).toEqual([]);
  });

  it('quote every row verbatim, or say the quote was assembled from the table title and row name', () => {
    const bad: string[] = [];
    for (const p of plans) {
      const src = sourceOf(p);
      for (const r of p.rows) {
        if (r.quoteAssembled) {
          const title = r.table ?? '';
          const rest = r.quote.startsWith(title) ? r.quote.slice(title.length) : null;
          if (!title || rest === null || !inText(src, title) || !inText(src, rest)) {
            bad.push(`${p.id}/${r.key} (assembled): ${r.quote}`);
          }
        } else if (!inText(src, r.quote)) {
          bad.push(`${p.id}/${r.key}: ${r.quote}`);
        }
        for (const q of r.textQuotes ?? []) if (!inText(src, q)) bad.push(`${p.id}/${r.key} text: ${q}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('mark a table cell split across lines in the source, and only such a cell', () => {
    const wrong = plans.flatMap((p) =>
      p.rows.flatMap((r) =>
        r.targets
          .filter((t) => (t.cellSplit ?? false) !== (r.origin === 'table' && !onOneLine(sourceOf(p), t.raw)))
          .map((t) => `${p.id}/${r.key}: ${t.raw}`)
      )
    );
    expect(wrong).toEqual([]);
    expect(row('futian-2016', 'T1-18').targets[0]).toMatchObject({ raw: '2400—3000', cellSplit: true });
  });

  it('mark numbers that are not in the text as derived and say how', () => {
    const missing: string[] = [];
    for (const p of plans) {
      for (const r of p.rows) {
        for (const t of r.targets) {
          const where = `${p.id}/${r.key}: ${t.raw}`;
          if (t.derived && !(Number.isFinite(t.derived.value) && t.derived.how.trim().length > 5)) {
            missing.push(`${where} (derived without how)`);
          }
          // A count written with 万 (2.3万张) is 23000 only by conversion.
          if (/(?<![/\d.])\d+(?:\.\d+)?\s*万/.test(t.raw) && !t.derived) missing.push(`${where} (万)`);
          // 全覆盖, 所有, 应领尽领 … read as 100 % is a reading, not the plan's number.
          if (parseTarget(t.raw).kind === 'coverage' && !/100/.test(t.raw) && t.derived?.value !== 100) {
            missing.push(`${where} (coverage)`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
    expect(row('longgang-2026', 'X-03').targets[0]).toMatchObject({
      raw: '2.3万张',
      derived: { value: 23000, unit: '张' },
    });
  });

  it('keep what Longgang’s informatisation targets say (not “3 hospitals”, “2 hospitals”)', () => {
    const interop = row('longgang-2026', 'X-44').targets[0];
    const emr = row('longgang-2026', 'X-45').targets[0];
    expect(interop?.raw).toBe('五级乙等');
    expect(emr?.raw).toBe('六级');
    expect(parseTarget(interop?.raw ?? '')).toMatchObject({ kind: 'level', scheme: 'interop' });
    expect(parseTarget(emr?.raw ?? '')).toMatchObject({ kind: 'level', level: '六级' });
    expect(interop?.reading).toMatch(/3家公立医院/);
    expect(emr?.reading).toMatch(/2家公立医院/);
  });

  it('set the targets a plan’s own text states at the plan’s own level (Fuzhou: the city)', () => {
    const own = (p: PlanFile): string => (p.id === 'fuzhou-2021' ? 'city' : 'district');
    const wrong = plans.flatMap((p) =>
      p.rows
        .filter((r) => r.origin === 'text')
        .flatMap((r) => r.targets.filter((t) => t.level !== own(p)).map(() => `${p.id}/${r.key}`))
    );
    expect(wrong).toEqual([]);
    expect(plan('fuzhou-2021').rows.filter((r) => r.origin === 'text').length).toBeGreaterThan(50);
  });

  it('keep descriptions out of the targets (a service radius, a training length, a 24-hour service)', () => {
    const descriptions = [
      '直径五公里',
      '24小时个性化心理陪伴',
      '住培1年即可申请',
      '脱产培养1-2年',
      '9个工程改扩建项目提供信息化基础支撑',
      '四大功能',
      '10大类毒物鉴定库',
    ];
    const rows = plans.flatMap((p) => p.rows.map((r) => `${p.id}/${r.key}: ${r.quote}`));
    const kept = descriptions.flatMap((d) => rows.filter((r) => r.includes(d)));
    expect(kept).toEqual([]);
  });

  it('type Fuzhou’s 年均增长〔累计〕 column as written', () => {
    const fuzhou = plan('fuzhou-2021');
    const stated = fuzhou.rows.filter((r) => r.statedChange).map((r) => [r.key, r.statedChange]);
    expect(stated).toEqual([
      ['T1-01', { raw: '〔0.51〕', value: 0.51, kind: 'cumulative' }],
      ['T1-05', { raw: '〔0.88〕', value: 0.88, kind: 'cumulative' }],
      ['T1-06', { raw: '〔0.51〕', value: 0.51, kind: 'cumulative' }],
      ['T1-07', { raw: '〔0.47〕', value: 0.47, kind: 'cumulative' }],
      ['T1-08', { raw: '5.49％', value: 5.49, kind: 'annual', unit: '%' }],
      ['T1-12', { raw: '〔1.25〕', value: 1.25, kind: 'cumulative' }],
    ]);
    for (const r of fuzhou.rows) expect(r.note ?? '', r.key).not.toMatch(/年均增长〔累计〕 column: '〔/);
  });

  it('find the contradictions in Fuzhou’s stated cumulative changes from the typed column', () => {
    const mismatches = checkConsistency([plan('fuzhou-2021')]).filter((f) => f.rule === 'change-mismatch');
    // Beds: 〔0.88〕 beside 5.2 → 6.30 (a change of 1.1); physicians: 〔0.51〕 beside 3.22 → 3.8 (0.58).
    expect(mismatches.map((f) => [f.rows, f.values])).toEqual([
      [['fuzhou-2021/T1-05'], [5.2, 6.3, 0.88]],
      [['fuzhou-2021/T1-06'], [3.22, 3.8, 0.51]],
    ]);
  });

  it('carry table footnotes and remarks in fields of their own', () => {
    const longgang = plan('longgang-2026').rows.filter((r) => r.origin === 'table');
    expect(longgang).toHaveLength(17);
    for (const r of longgang) {
      expect(r.footnote, r.key).toBe('（注：指标体系将依据市卫健委“十五五”规划指标同步更新。）');
    }
    const table = plan('fuzhou-2021').projects.filter((p) => p.section?.startsWith('附表'));
    expect(table.filter((p) => p.remark).map((p) => [p.key, p.remark])).toEqual([
      ['P-13', '不含土地'],
      ['P-16', '不含土地'],
      ['P-18', '不含土地'],
    ]);
    expect(table.filter((p) => p.footnote).map((p) => p.key)).toEqual(
      ['P-11', 'P-12', 'P-13', 'P-14', 'P-15', 'P-16', 'P-17', 'P-18'] // 启动项目 and 谋划项目
    );
    expect(project('fuzhou-2021', 'P-11').footnote).toBe(
      '备注：启动项目、谋划项目具体实施时间根据市政府实际安排为准。'
    );
    for (const p of plans) {
      const src = sourceOf(p);
      for (const x of [...p.rows, ...p.projects]) {
        if (x.footnote) expect(inText(src, x.footnote), `${p.id}/${x.key}`).toBe(true);
      }
      for (const x of p.projects) if (x.remark) expect(inText(src, x.remark), `${p.id}/${x.key}`).toBe(true);
    }
  });

  it('quote every project verbatim (a quote cut short says so with …)', () => {
    const bad = plans.flatMap((p) =>
      p.projects
        .filter((x) => x.quote !== undefined && !inText(sourceOf(p), uncut(x.quote)))
        .map((x) => `${p.id}/${x.key}: ${x.quote ?? ''}`)
    );
    expect(bad).toEqual([]);
  });

  it('call a project completed only where the text says it was completed', () => {
    const completed = plans.flatMap((p) =>
      p.projects.filter((x) => x.status === 'completed').map((x) => `${p.id}/${x.key}`)
    );
    // Fuzhou 附表 备注 已完成; Futian's and Longgang's reviews of the previous period; Xiangqiao's 基础现状.
    expect(completed).toEqual([
      'futian-2021/P-53',
      'fuzhou-2021/P-01',
      'fuzhou-2021/P-02',
      'fuzhou-2021/P-03',
      'longgang-2026/P-38',
      'longgang-2026/P-39',
      'xiangqiao-2021/P-01',
      'xiangqiao-2021/P-04',
      'xiangqiao-2021/P-05',
      'xiangqiao-2021/P-06',
      'xiangqiao-2021/P-07',
      'xiangqiao-2021/P-08',
      'xiangqiao-2021/P-09',
      'xiangqiao-2021/P-10',
    ]);
    for (const p of plans) {
      for (const x of p.projects.filter((y) => y.status === 'completed')) {
        expect(x.statusAsWritten ?? '', `${p.id}/${x.key}`).toMatch(/完成|投入使用/);
      }
    }
  });

  it('give projects in the task chapters a goal, not a status', () => {
    const task = /主要任务|重点任务|建设任务|发展目标/;
    const wrong = plans.flatMap((p) =>
      p.projects
        .filter((x) => task.test(x.section ?? '') && x.status !== null)
        .map((x) => `${p.id}/${x.key} ${x.status ?? ''}`)
    );
    expect(wrong).toEqual([]);
    expect(project('futian-2021', 'P-04')).toMatchObject({ status: null, goal: '投入使用' });
    expect(project('futian-2021', 'P-05')).toMatchObject({ status: null, goal: '建成' });
    expect(project('futian-2021', 'P-05').statusAsWritten).toBeUndefined();
  });
});

describe('project categories', () => {
  it('are the plan’s own Chinese headings; an English gloss has a field of its own', () => {
    for (const plan of readPlanDirectory(repoPath('plans'))) {
      for (const p of plan.projects) {
        if (p.category === undefined) continue;
        expect(p.category, `${plan.id} ${p.key}`).not.toMatch(/[A-Za-z]{3,}/);
        // The English gloss is English: an English screen shows it whole.
        if (p.categoryEn !== undefined) {
          expect(p.categoryEn, `${plan.id} ${p.key}`).not.toMatch(/[\u3400-\u9fff]/);
        }
      }
    }
  });
});
