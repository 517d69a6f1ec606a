// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { importDirection } from './eslint/import-direction.js';

// Files made by a tool, exempt from the size limits (none yet; name them here when there are).
const GENERATED = [];

const polyfill = {
  name: 'webextension-polyfill',
  message: 'Import browser from src/shared/browser.ts.',
};

/** no-restricted-imports for packages, per folder: one rule object, as a later one replaces it. */
function restrictedPackages(patterns) {
  return ['error', { paths: [polyfill], ...(patterns.length > 0 && { patterns }) }];
}

export default tseslint.config(
  {
    ignores: ['dist/**', 'dist-cli/**', 'dist-firefox/**', 'node_modules/**', '.bench/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['scripts/**', 'tests/**', 'src/cli/**', 'src/server/**', 'eslint/**', '*.config.*'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src/**'],
    ignores: ['src/cli/**', 'src/server/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.webextensions } },
  },
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]',
          message: 'Build DOM with DOM APIs or the UI library, never from HTML strings.',
        },
        {
          selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
          message: 'Build DOM with DOM APIs, never from HTML strings.',
        },
      ],
    },
  },
  // Size: a file a reader can hold in mind. Blank lines and comments do not count.
  {
    files: ['src/**'],
    ignores: GENERATED,
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 100, skipBlankLines: true, skipComments: true }],
    },
  },
  // Imports point inward, between the folders of src/ (eslint/import-direction.js has the table).
  {
    files: ['src/**'],
    plugins: { recital: { rules: { 'import-direction': importDirection } } },
    rules: {
      'recital/import-direction': 'error',
      'no-restricted-imports': restrictedPackages([]),
    },
  },
  { files: ['src/shared/browser.ts'], rules: { 'no-restricted-imports': 'off' } },
  {
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': restrictedPackages([
        {
          group: ['idb', 'webextension-polyfill', 'fuse.js', 'node:*', 'fs', 'path'],
          message: 'src/core is pure: no storage, browser or Node API.',
        },
      ]),
    },
  },
  {
    files: ['src/content/**', 'src/ui/**', 'src/cli/**', 'src/server/**'],
    rules: {
      'no-restricted-imports': restrictedPackages([
        {
          group: ['idb'],
          message: 'Only src/library opens the database; a content script would open the page’s.',
        },
      ]),
    },
  },
);
