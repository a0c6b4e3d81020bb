// The ESLint toolchain for the project's eslint.config.js, resolved from tools/lint/node_modules.
//
// Why a package of its own: typescript-eslint parses with TypeScript's JS compiler API and
// accepts TypeScript >=4.8.4 <6.1.0; the app type-checks with TypeScript 7 (`npm run
// typecheck`), which has no JS API. In the app's own tree npm puts typescript-eslint's helper
// ts-api-utils at the top, where `typescript` is 7, and it fails on load. Here everything,
// TypeScript 6.0.3 included, resolves from this folder, and the app's `tsc` stays TypeScript 7.
import js from '@eslint/js';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import ts from 'typescript';
import tseslint from 'typescript-eslint';

if (!ts.version.startsWith('6.')) {
  throw new Error(`typescript-eslint would parse with TypeScript ${ts.version}; it needs TypeScript 6 (tools/lint/package.json).`);
}

export { globals, js, jsxA11y, reactHooks, tseslint };
