/**
 * Field comparators: each says how well one field of two prepared records agrees, as a level of
 * the weight table, or null when either record lacks the field.
 */
import type { PreparedResident } from './record';
import type { AddressLevel, BirthLevel, IdLevel, NameLevel, PhoneLevel, SexLevel } from './weights';

/** Kinds whose number a person keeps for life: two different valid ones are two people. */
const LIFELONG = new Set(['resident-id', 'hmt-residence-permit']);

/** True when b is a with one character changed, or two adjacent characters swapped. */
export function oneKeystrokeApart(a: string, b: string): boolean {
  if (a.length !== b.length) return oneInsertionApart(a, b);
  let first = -1;
  let count = 0;
  for (let i = 0; i < a.length; i++) {
    if (a.charCodeAt(i) !== b.charCodeAt(i)) {
      if (count === 0) first = i;
      count++;
      if (count > 2) return false;
    }
  }
  if (count === 1) return true;
  return count === 2 && a[first] === b[first + 1] && a[first + 1] === b[first];
}

function oneInsertionApart(a: string, b: string): boolean {
  const [s, l] = a.length < b.length ? [a, b] : [b, a];
  if (l.length - s.length !== 1) return false;
  let i = 0;
  while (i < s.length && s.charCodeAt(i) === l.charCodeAt(i)) i++;
  return s.slice(i) === l.slice(i + 1);
}

function hamming1(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let n = 0;
  for (let i = 0; i < a.length && n < 2; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) n++;
  return n === 1;
}

function adjacentSwap(a: string, b: string): boolean {
  return a.length === b.length && a !== b && !hamming1(a, b) && oneKeystrokeApart(a, b);
}

/** 15-digit form of a normalized 18-digit ID, for comparing with a 15-digit number that failed. */
function to15(id18: string): string {
  return id18.slice(0, 6) + id18.slice(8, 17);
}

export function compareIds(a: PreparedResident, b: PreparedResident): IdLevel | null {
  if (a.id !== '' && b.id !== '') {
    if (a.idKind === b.idKind) {
      if (a.id === b.id) return 'same';
      return LIFELONG.has(a.idKind) ? 'conflict' : 'otherNumber';
    }
    // A residence permit and a resident ID come from one number space.
    if (LIFELONG.has(a.idKind) && LIFELONG.has(b.idKind)) return 'conflict';
    return 'otherKind';
  }
  const rawA = a.id !== '' ? a.id : a.idRaw;
  const rawB = b.id !== '' ? b.id : b.idRaw;
  if (rawA === '' || rawB === '') return null;
  if (rawA === rawB || oneKeystrokeApart(rawA, rawB)) return 'near';
  // A mistyped 15-digit number against the valid 18-digit form of the same person.
  if (rawA.length === 18 && rawB.length === 15 && oneKeystrokeApart(to15(rawA), rawB)) return 'near';
  if (rawB.length === 18 && rawA.length === 15 && oneKeystrokeApart(to15(rawB), rawA)) return 'near';
  return 'far';
}

export function compareNames(a: PreparedResident, b: PreparedResident): NameLevel | null {
  if (a.name === '' || b.name === '') return null;
  if (a.name === b.name) return 'exact';
  if (a.pinyin === b.pinyin) return 'homophone';
  if (a.fuzzy === b.fuzzy) return 'fuzzy';
  // In a two-character name one different character is a different surname or given name; a
  // character dropped from a three-character name still leaves two in common.
  const shorter = Math.min(a.name.length, b.name.length);
  if (shorter >= 3 || (shorter === 2 && a.name.length !== b.name.length)) {
    if (givenOneApart(a, b)) return 'given1';
    if (oneKeystrokeApart(a.name, b.name) || syllablesOneApart(a.fuzzy, b.fuzzy)) return 'edit1';
  }
  const sa = a.fuzzy.split(' ', a.surnameLength).join(' ');
  const sb = b.fuzzy.split(' ', b.surnameLength).join(' ');
  return sa === sb ? 'surname' : 'different';
}

/**
 * Same surname, same number of characters, and exactly one character of the given name different
 * in sound too: how twins named with a shared generation character (思远, 思齐) look.
 */
function givenOneApart(a: PreparedResident, b: PreparedResident): boolean {
  if (a.name.length !== b.name.length || a.surnameLength !== b.surnameLength) return false;
  const x = a.fuzzy.split(' ');
  const y = b.fuzzy.split(' ');
  if (x.length !== y.length || x.length - a.surnameLength < 2) return false;
  let diff = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== y[i]) {
      if (i < a.surnameLength) return false;
      diff++;
    }
  }
  return diff === 1;
}

/** Fuzzy pinyin strings one syllable apart (substituted, dropped or two swapped). */
function syllablesOneApart(a: string, b: string): boolean {
  const x = a.split(' ');
  const y = b.split(' ');
  if (x.length === y.length) {
    let diff = -1;
    let n = 0;
    for (let i = 0; i < x.length; i++) {
      if (x[i] !== y[i]) {
        if (n === 0) diff = i;
        n++;
      }
    }
    if (n === 1) return true;
    return n === 2 && x[diff] === y[diff + 1] && x[diff + 1] === y[diff];
  }
  const [s, l] = x.length < y.length ? [x, y] : [y, x];
  if (l.length - s.length !== 1 || s.length === 0) return false;
  let i = 0;
  while (i < s.length && s[i] === l[i]) i++;
  for (; i < s.length; i++) if (s[i] !== l[i + 1]) return false;
  return true;
}

export function compareBirthDates(a: PreparedResident, b: PreparedResident): BirthLevel | null {
  const x = a.birth;
  const y = b.birth;
  if (x === '' || y === '') return null;
  if (x === y) return 'exact';
  if (hamming1(x, y)) return 'oneDigit';
  if (adjacentSwap(x, y)) return 'transposed';
  if (x.slice(0, 4) === y.slice(0, 4) && x.slice(4, 6) === y.slice(6, 8) && x.slice(6, 8) === y.slice(4, 6)) {
    return 'dayMonth';
  }
  if (x.slice(0, 4) === y.slice(0, 4)) return 'sameYear';
  return 'different';
}

export function compareSex(a: PreparedResident, b: PreparedResident): SexLevel | null {
  if (a.sex === '' || b.sex === '') return null;
  return a.sex === b.sex ? 'agree' : 'disagree';
}

export function comparePhones(a: PreparedResident, b: PreparedResident): PhoneLevel | null {
  if (a.phone === '' || b.phone === '') return null;
  if (a.phone === b.phone) return 'exact';
  if (a.phone.slice(-8) === b.phone.slice(-8)) return 'last8';
  if (hamming1(a.phone, b.phone)) return 'oneDigit';
  return 'different';
}

/**
 * Token overlap of two addresses: `same` when every part of the shorter address (at least three
 * parts) is in the longer one — an address written with or without its 街道 and 社区 is the same
 * place — `similar` when at least 60 % of the shorter's parts are shared.
 */
export function compareAddresses(a: PreparedResident, b: PreparedResident): AddressLevel | null {
  if (a.address === '' || b.address === '') return null;
  if (a.address === b.address) return a.address.split('|').length >= 3 ? 'same' : 'similar';
  const x = a.address.split('|');
  const y = b.address.split('|');
  const [s, l] = x.length <= y.length ? [x, y] : [y, x];
  let shared = 0;
  for (const t of s) if (l.includes(t)) shared++;
  if (shared === s.length && s.length >= 3) return 'same';
  return shared / s.length >= 0.6 ? 'similar' : 'different';
}
