/**
 * What plans write in front of a target's number: resolve (要, 力争, 确保 …), a starting point
 * (从2016年的34.5%…), a comparison word (不低于, ≥), a verb of change with its destination
 * (提高到, 降至, 控制在), a verb that carries nothing (达到, 保持在, 为), a reference year
 * (…到2020年的20%) and 约. Reading the lead apart keeps each number matcher small.
 */
import { FILLER_VERBS, MODAL_WORDS, NUMBER, PREFIX_OPERATORS, VERB_OPERATORS } from './lexicon';
import type { Comparator } from './types';

export interface Lead {
  /** Comparator stated by a word or symbol (不低于, ≥, 至少). */
  wordOp: Comparator | null;
  /** Comparator implied by a verb of change and its destination (提高到 ≥, 降至 ≤). */
  verbOp: Comparator | null;
  /** 约 in front of the number. */
  approx: boolean;
  /** The text after the lead. */
  rest: string;
}

const VERB_WORDS = [...VERB_OPERATORS.map(([w]) => w), ...FILLER_VERBS.filter((w) => w.length > 1)];

/** `从2015年的73.25岁` / `由2.02人` before a verb of change: the starting value, not the target. */
const FROM = new RegExp(
  String.raw`^(?:从|由)\s*(?:\d{4}\s*年\s*的?)?\s*${NUMBER}\s*[^\d\s,]{0,6}?\s*,?\s*(?=${VERB_WORDS.join('|')})`
);

/** `2020年的` between a verb and its number: the year the level is due, not part of it. */
const YEAR_OF = /^\d{4}\s*年\s*的?\s*(?=[≥≤<>\d])/;

/** Drop resolve words (要, 力争, 均 …) from the front of a text. */
export function stripModal(text: string): string {
  let rest = text;
  for (let changed = true; changed;) {
    changed = false;
    const modal = MODAL_WORDS.find((w) => rest.startsWith(w) && rest.length > w.length);
    if (modal) {
      rest = rest.slice(modal.length).trim();
      changed = true;
    }
  }
  return rest;
}

/** Drop the verbs that carry nothing (达到, 为, 保持在) from the front, keeping everything else. */
export function stripFiller(text: string): string {
  const rest = stripModal(text);
  const filler = FILLER_VERBS.find((w) => rest.startsWith(w) && rest.length > w.length);
  return filler ? rest.slice(filler.length).trim() : rest;
}

/**
 * Read the lead of a numeric target.
 * @param text - the normalised text
 */
export function readLead(text: string): Lead {
  let rest = text;
  let wordOp: Comparator | null = null;
  let verbOp: Comparator | null = null;
  let approx = false;
  for (let changed = true; changed;) {
    changed = false;
    const before = rest;
    rest = stripModal(rest);
    rest = rest.replace(FROM, '').trim();
    const word = PREFIX_OPERATORS.find(([w]) => rest.startsWith(w));
    if (word && wordOp === null) {
      wordOp = word[1];
      rest = rest.slice(word[0].length).trim();
    }
    const verb = VERB_OPERATORS.find(([w]) => rest.startsWith(w) && rest.length > w.length);
    if (verb && verbOp === null) {
      verbOp = verb[1];
      rest = rest.slice(verb[0].length).trim();
    }
    const filler = FILLER_VERBS.find((w) => rest.startsWith(w) && rest.length > w.length);
    if (filler) rest = rest.slice(filler.length).trim();
    rest = rest.replace(YEAR_OF, '');
    if (rest.startsWith('约')) {
      approx = true;
      rest = rest.slice(1).trim();
    }
    changed = rest !== before;
  }
  return { wordOp, verbOp, approx, rest };
}
