/**
 * The small formula language of the catalogue: numbers, #{DATA_ELEMENT}, + - * / and
 * parentheses. Parsed once into a tree so the engine can list the elements a formula needs and
 * evaluate it from aggregated values.
 */
import { AppError } from '../errors';

export type FormulaNode =
  | { type: 'num'; value: number }
  | { type: 'ref'; code: string }
  | { type: 'bin'; op: '+' | '-' | '*' | '/'; left: FormulaNode; right: FormulaNode }
  | { type: 'neg'; arg: FormulaNode };

type Token = { t: 'num'; v: number } | { t: 'ref'; v: string } | { t: 'op'; v: string };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\d+(?:\.\d+)?)|#\{([A-Z0-9_]+)\}|([-+*/()]))/y;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(src);
    if (!m) {
      throw new AppError('VALIDATION_FAILED', {
        zh: `公式无法解析：第 ${pos + 1} 个字符附近 “${src.slice(pos, pos + 10)}”`,
        en: `Cannot parse formula near character ${pos + 1}: "${src.slice(pos, pos + 10)}"`,
      });
    }
    if (m[1] !== undefined) tokens.push({ t: 'num', v: Number(m[1]) });
    else if (m[2] !== undefined) tokens.push({ t: 'ref', v: m[2] });
    else tokens.push({ t: 'op', v: m[3] ?? '' });
    pos = re.lastIndex;
  }
  return tokens;
}

/**
 * Parse a formula such as `#{BEDS} / #{POP_RESIDENT}`.
 * @throws AppError VALIDATION_FAILED on malformed input
 */
export function parseFormula(src: string): FormulaNode {
  const tokens = tokenize(src);
  let i = 0;
  const fail = (): never => {
    throw new AppError('VALIDATION_FAILED', {
      zh: `公式结构有误：${src}`,
      en: `Malformed formula: ${src}`,
    });
  };
  const peek = (): Token | undefined => tokens[i];
  const primary = (): FormulaNode => {
    const tok = tokens[i++] ?? fail();
    if (tok.t === 'num') return { type: 'num', value: tok.v };
    if (tok.t === 'ref') return { type: 'ref', code: tok.v };
    if (tok.v === '-') return { type: 'neg', arg: primary() };
    if (tok.v === '(') {
      const inner = sum();
      const close = tokens[i++];
      if (close?.t !== 'op' || close.v !== ')') fail();
      return inner;
    }
    return fail();
  };
  const product = (): FormulaNode => {
    let left = primary();
    for (let tok = peek(); tok?.t === 'op' && (tok.v === '*' || tok.v === '/'); tok = peek()) {
      i++;
      left = { type: 'bin', op: tok.v, left, right: primary() };
    }
    return left;
  };
  const sum = (): FormulaNode => {
    let left = product();
    for (let tok = peek(); tok?.t === 'op' && (tok.v === '+' || tok.v === '-'); tok = peek()) {
      i++;
      left = { type: 'bin', op: tok.v, left, right: product() };
    }
    return left;
  };
  const tree = sum();
  if (i !== tokens.length) fail();
  return tree;
}

/** The data-element codes a formula refers to, each once, in order of appearance. */
export function formulaElements(node: FormulaNode): string[] {
  const out = new Set<string>();
  const walk = (n: FormulaNode): void => {
    if (n.type === 'ref') out.add(n.code);
    else if (n.type === 'bin') {
      walk(n.left);
      walk(n.right);
    } else if (n.type === 'neg') walk(n.arg);
  };
  walk(node);
  return [...out];
}

/**
 * Evaluate a formula from aggregated element values. A missing element makes the result null
 * (never zero: a missing numerator is not a zero rate); division by zero is null too.
 */
export function evaluateFormula(
  node: FormulaNode,
  values: Readonly<Record<string, number | null | undefined>>
): number | null {
  switch (node.type) {
    case 'num':
      return node.value;
    case 'ref':
      return values[node.code] ?? null;
    case 'neg': {
      const v = evaluateFormula(node.arg, values);
      return v === null ? null : -v;
    }
    case 'bin': {
      const a = evaluateFormula(node.left, values);
      const b = evaluateFormula(node.right, values);
      if (a === null || b === null) return null;
      if (node.op === '+') return a + b;
      if (node.op === '-') return a - b;
      if (node.op === '*') return a * b;
      return b === 0 ? null : a / b;
    }
  }
}
