// ESLint flat config: strict, type-checked TypeScript everywhere, and the server's layering.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import moduleBoundaries from './eslint-rules/module-boundaries.js';

/**
 * Only repositories talk to the database. Repository files (`repository.ts`, `repository/*.ts`)
 * and `server/src/db/` may import Kysely, the drivers and the table types (`db/types.ts`) and
 * build queries; everything else receives a `Db` handle (db/connection.ts) to pass on and open
 * transactions with. Tests (`*.test.ts`, `server/src/test/`) may inspect the database directly,
 * and so may `scripts/` (benchmarks, one-off transcriptions), which this block does not cover.
 */
const DATABASE_ACCESS = {
  files: ['packages/**/*.ts', 'packages/**/*.tsx'],
  ignores: [
    'packages/server/src/**/repository.ts',
    'packages/server/src/**/repository/**',
    'packages/server/src/db/**',
    'packages/server/src/test/**',
    '**/*.test.ts',
  ],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: ['kysely', 'pg', '@electric-sql/pglite'].map((name) => ({
          name,
          message: 'Only repository files and server/src/db/ talk to the database; call a repository.',
        })),
        patterns: [
          {
            regex: '^kysely/',
            message: 'Only repository files and server/src/db/ talk to the database; call a repository.',
          },
          {
            regex: '(^|/)db/types(\\.ts)?$',
            message: 'Table row types stay in repositories; map rows to the shapes services use there.',
          },
        ],
      },
    ],
    'no-restricted-syntax': [
      'error',
      {
        selector:
          'CallExpression > MemberExpression.callee[property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|mergeInto|replaceInto|selectNoFrom)$/]',
        message: 'SQL belongs in a repository file (repository.ts or repository/*.ts).',
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'coverage/**', 'packages/server/bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: [
            '*.js',
            '*.mjs',
            'scripts/*.mjs',
            'eslint-rules/*.js',
            'packages/server/build.mjs',
          ],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      curly: ['error', 'multi-line'],
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // `onClick={() => setOpen(true)}` is the React idiom; braces around it add nothing.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  DATABASE_ACCESS,
  {
    // A server module is used through its index only (eslint-rules/module-boundaries.js).
    files: ['packages/server/src/**/*.ts', 'packages/web/e2e/**/*.ts', 'scripts/**/*.ts'],
    plugins: { weijian: { rules: { 'module-boundaries': moduleBoundaries } } },
    rules: { 'weijian/module-boundaries': 'error' },
  },
  {
    // Tests read JSON bodies as the shape they expect; the assertion is the point.
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-unnecessary-type-assertion': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  }
);
