// @ts-check
import eslint from '@eslint/js';
import { importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/vendure/**', 'src/database/migrations/*-*.ts'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Nest and TypeORM hand out `any` at their edges (raw query rows, request bodies): typed where we read them.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // No import cycles between files: a module's parts form a tree. TypeORM entity pairs are the one
    // exception (each side names the other in a relation, resolved lazily by \`() => Entity\`).
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.entity.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/extensions': ['.ts'], 'import-x/resolver': { node: { extensions: ['.ts', '.js'] } } },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // Issue 10: SQL and TypeORM calls live in each module's repositories (*.repository.ts); services
    // speak domain. The order path's group commit on the raw pg pool (OrderBatcher) and the
    // database plumbing (src/database) are the documented exceptions (README, "Project layout").
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.repository.ts', 'src/**/*.spec.ts', 'src/database/**', 'src/orders/order-batcher.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...['query', 'createQueryBuilder', 'getRepository'].map((name) => ({
          selector: `CallExpression[callee.property.name='${name}']`,
          message: `${name}(): SQL belongs in the module's repository (src/<module>/*.repository.ts)`,
        })),
        {
          selector:
            'CallExpression[callee.object.name=/^(manager|em|entityManager)$/][callee.property.name=/^(find|findOne|findOneBy|findBy|findOneOrFail|save|insert|update|upsert|delete|increment|decrement|count|exists|create)$/]',
          message: "EntityManager calls belong in the module's repository (src/<module>/*.repository.ts)",
        },
      ],
    },
  },
  {
    // supertest answers are untyped JSON; the assertions pin them down.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: { ...globals.node },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Small modules the pages load in the browser (and the desk's service worker).
    files: ['src/web/public/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.browser, ...globals.serviceworker } },
  },
  {
    files: ['**/*.spec.js'],
    languageOptions: { globals: { ...globals.jest } },
  },
  prettier,
);
