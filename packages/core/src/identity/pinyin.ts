/**
 * Pinyin of names, through pinyin-pro (MIT; see README.md for why a dependency): toneless
 * syllables with surname readings (单 → shan, 曾 → zeng), and a "fuzzy" form that merges the
 * sounds many speakers do not separate (zh/z, ch/c, sh/s, n/l, h/f, -ng/-n), the same merges
 * that pinyin input methods offer as 模糊音.
 */
import { pinyin } from 'pinyin-pro';

/** Two-character surnames, so that 欧阳娜娜 has the surname 欧阳, not 欧. */
const COMPOUND_SURNAMES = new Set(
  (
    '欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 端木 独孤 南宫 西门 ' +
    '万俟 闻人 澹台 公冶 太史 申屠 钟离 呼延 赫连 第五 百里 东郭 左丘 拓跋 濮阳 淳于 单于 太叔 ' +
    '仲孙 段干 司空 司寇 巫马 公西 漆雕 乐正 壤驷 公良 宰父 谷梁 梁丘 东门 羊舌 微生 公羊'
  ).split(' ')
);

/** Number of characters of the surname at the start of a normalized Chinese name. */
export function surnameLength(name: string): number {
  return name.length > 2 && COMPOUND_SURNAMES.has(name.slice(0, 2)) ? 2 : 1;
}

const HAN = /\p{Script=Han}/u;

/** True when the name is written in Chinese characters (else it is compared letter by letter). */
export function isHanName(name: string): boolean {
  return HAN.test(name);
}

/**
 * Toneless pinyin, one syllable per character of a normalized Chinese name (ü written v).
 * A name in Latin letters gives its letters in lower case as one "syllable" per name part.
 */
export function nameSyllables(name: string): string[] {
  if (name === '') return [];
  if (!isHanName(name)) return [name.toLowerCase()];
  return pinyin(name, { toneType: 'none', type: 'array', surname: 'head', v: true, nonZh: 'spaced' }).map(
    (s) => s.toLowerCase()
  );
}

const fuzzyCache = new Map<string, string>();

/** The fuzzy form of one toneless syllable: zh→z, ch→c, sh→s, n→l, h→f at the start; -ng→-n at the end. */
export function fuzzySyllable(s: string): string {
  const hit = fuzzyCache.get(s);
  if (hit !== undefined) return hit;
  let f = s.replace(/^zh/, 'z').replace(/^ch/, 'c').replace(/^sh/, 's').replace(/^n/, 'l').replace(/^h/, 'f');
  f = f.replace(/ng$/, 'n');
  if (fuzzyCache.size < 10_000) fuzzyCache.set(s, f);
  return f;
}
