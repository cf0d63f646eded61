/**
 * "A Chinese screen has no English words and an English screen no Chinese": what a page shows,
 * less what may legitimately be in the other language, must be in the page's language.
 *
 * What may stay, and why:
 * - Data the API sends as it is, not as a {zh, en} pair: a plan's own words (row names and the
 *   transcriber's English names, targets
 *   and baselines as written, quotes, units, categories, project names, owners), names of units and
 *   people, codes and ids (catalogue codes, plan ids, card numbers, file names). These are collected
 *   from the JSON the page received, under the keys listed in DATA_KEYS only; a field that has an
 *   English sibling (`title` beside a `titleEn`) is not data, it must be translated, and names
 *   the API gives in both languages (`{ zh, en }`, e.g. a disease's) are never data.
 * - Elements marked with a `lang` of the other language: the language switch (`English` / `中文`)
 *   and literal column headers quoted in help text.
 * - On a Chinese screen, a few Latin names that Chinese text uses as they are: file formats and
 *   products (CSV, XLSX, Word, Excel), DHIS2, and detection methods named after their authors or
 *   systems (Farrington, Noufaily, EARS, CIDARS).
 * Nothing else: every enumeration (statuses, methods, aggregation types, sources, streams,
 * levels) and every sentence the app writes must be in the page's language.
 */
import type { Page, Response } from 'playwright-core';

const DATA_KEYS = new Set([
  'name',
  'title',
  'raw',
  'quote',
  'textQuotes',
  'unit',
  'scope',
  'category',
  'statusAsWritten',
  'nameEn',
  'owners',
  'years',
  'scale',
  'region',
  'target',
  'own',
  'higher',
  'per',
  'code',
  'id',
  'plan',
  'key',
  'indicator',
  'username',
  'displayName',
  'orgUnitName',
  'unitName',
  'reportingUnitName',
  'residenceUnitName',
  'cardNo',
  'seedFile',
  'importedFrom',
  'standard',
  'actor',
  'note',
  'storedBy',
  'element',
  'orgUnit',
  'parentName',
  'submittedBy',
]);

/** Latin words a Chinese screen uses as they are (see the file comment). */
const ZH_ALLOWED_WORDS = new Set([
  'CSV',
  'XLSX',
  'Word',
  'Excel',
  'DHIS',
  'Farrington',
  'Noufaily',
  'EARS',
  'CIDARS',
]);

function collect(value: unknown, out: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) collect(v, out);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const o = value as Record<string, unknown>;
  for (const [k, v] of Object.entries(o)) {
    const translated = k === 'title' && typeof o.titleEn === 'string' && o.titleEn !== '';
    if (DATA_KEYS.has(k) && !translated) {
      if (typeof v === 'string' && v.trim()) out.add(v.trim());
      if (Array.isArray(v)) for (const s of v) if (typeof s === 'string' && s.trim()) out.add(s.trim());
    }
    if (typeof v === 'object') collect(v, out);
  }
}

/** The data strings a page received, and a way to wait for the answers still being read. */
export interface PageData {
  strings: Set<string>;
  /** Resolves once every API answer received so far has been read. */
  settled: () => Promise<void>;
}

/** Listen to a page's API answers and keep the data strings they carry. */
export function watchData(page: Page): PageData {
  const strings = new Set<string>();
  const pending = new Set<Promise<void>>();
  page.on('response', (r: Response) => {
    if (!r.url().includes('/api/') || !(r.headers()['content-type'] ?? '').includes('json')) return;
    const reading: Promise<void> = r
      .json()
      .then((body: unknown) => {
        collect(body, strings);
      })
      .catch(() => undefined)
      .finally(() => pending.delete(reading));
    pending.add(reading);
  });
  return {
    strings,
    settled: async () => {
      await Promise.all([...pending]);
    },
  };
}

const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]+/g;
const LATIN_WORD = /[A-Za-z]{3,}/g;

/**
 * Words on the page in the wrong language, after removing data and other-language elements.
 * @param lang - the page's language
 */
export async function foreignWords(page: Page, lang: 'zh' | 'en', data: PageData): Promise<string[]> {
  // Answers are read in this process while the page renders them: wait until all are read.
  await data.settled();
  let text = await page.evaluate((pageLang) => {
    const body = document.body.innerText;
    const marked = [...document.querySelectorAll<HTMLElement>('[lang]')].filter(
      (e) => e !== document.documentElement && !(e.getAttribute('lang') ?? '').startsWith(pageLang)
    );
    return marked.reduce((t, e) => (e.innerText ? t.split(e.innerText).join(' ') : t), body);
  }, lang);
  for (const s of [...data.strings].sort((a, b) => b.length - a.length)) text = text.split(s).join(' ');
  const found =
    lang === 'zh'
      ? (text.match(LATIN_WORD) ?? []).filter((w) => !ZH_ALLOWED_WORDS.has(w))
      : (text.match(CJK) ?? []);
  return [...new Set(found)];
}
