// ESLint rule: a server module is used only through what it offers (its index.ts). A file may
// import any file of its own module; from another module only `modules/<name>` (the index), and
// app.ts, which wires the HTTP routes, also `modules/<name>/*routes`. The web app's browser tests
// import the server as `@weijian/server/modules/<name>/index` and are held to the same rule.
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const MODULES = path.join(ROOT, 'packages/server/src/modules') + path.sep;
const APP = path.join(ROOT, 'packages/server/src/app.ts');
const PACKAGE_PREFIX = '@weijian/server/';

/** The module and the path inside it that an import points to, or null outside the modules. */
function target(file, source) {
  let resolved;
  if (source.startsWith('.')) resolved = path.resolve(path.dirname(file), source);
  else if (source.startsWith(PACKAGE_PREFIX)) {
    resolved = path.join(ROOT, 'packages/server/src', source.slice(PACKAGE_PREFIX.length));
  } else return null;
  if (!resolved.startsWith(MODULES)) return null;
  const [module, ...inside] = path.relative(MODULES, resolved).replace(/\.ts$/, '').split(path.sep);
  return { module, inside };
}

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Use another server module only through its index (what it offers)' },
    messages: {
      internal:
        "'{{source}}' reaches inside the {{module}} module; import what it offers from its index ('…/modules/{{module}}').",
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const own = file.startsWith(MODULES) ? path.relative(MODULES, file).split(path.sep)[0] : null;
    const check = (node) => {
      if (!node || typeof node.value !== 'string') return;
      const t = target(file, node.value);
      if (!t || t.module === own) return;
      const { inside } = t;
      if (inside.length === 0 || (inside.length === 1 && inside[0] === 'index')) return;
      if (file === APP && inside.length === 1 && /routes$/.test(inside[0])) return;
      context.report({ node, messageId: 'internal', data: { source: node.value, module: t.module } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};
