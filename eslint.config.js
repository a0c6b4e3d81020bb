// ESLint (flat config): typescript-eslint's strict rules, React's rules of hooks and jsx-a11y's
// strict accessibility rules for the UI. Run by `npm run lint` and by `npm test`, with zero
// warnings allowed. The toolchain is its own package in tools/lint (typescript-eslint needs
// TypeScript 6, the app type-checks with TypeScript 7; see tools/lint/index.js).
//
// Typed linting is off: rules that need type information would run a second, TypeScript 6
// type-check of every file next to `npm run typecheck` (TypeScript 7), for the same verdicts on
// types twice over and many more seconds on a 2-core machine. The syntactic rules below need no
// program, so linting reads each file once.
import { globals, js, jsxA11y, reactHooks, tseslint } from './tools/lint/index.js';

export default tseslint.config(
  {
    ignores: ['dist/', 'dev-dist/', 'reports/', 'test-results/', 'playwright-report/', 'node_modules/', 'tools/lint/node_modules/', '.tmp*/', '.notes/', 'test/reference/', 'bench/results.tmp/', 'public/'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      // Unused names are errors; a leading underscore marks one kept on purpose (a parameter
      // a signature needs).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Plain records built for JSON bodies and request headers drop members by key on purpose.
      '@typescript-eslint/no-dynamic-delete': 'off',
    },
  },
  {
    // These match control characters on purpose: text XML cannot carry, or that a field refuses.
    files: ['src/domain/xhtml.ts', 'src/domain/author/validateAuthor.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // In a test, a value that is not there fails the test where it is used.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Playwright reads the fixtures a fixture depends on from its (possibly empty) pattern.
      'no-empty-pattern': 'off',
      // `Promise.all([waitForEvent(...), click()])` is typed as a tuple holding void.
      '@typescript-eslint/no-invalid-void-type': 'off',
    },
  },
  {
    files: ['src/ui/**/*.tsx', 'src/ui/**/*.ts', 'src/main.tsx'],
    ...jsxA11y.flatConfigs.strict,
    languageOptions: { ...jsxA11y.flatConfigs.strict.languageOptions, globals: globals.browser },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
);
