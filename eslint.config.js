// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const outsideCore = [
  '**/library/**',
  '**/background/**',
  '**/content/**',
  '**/popup/**',
  '**/options/**',
  '**/shared/**',
  '**/cli/**',
];

export default tseslint.config(
  { ignores: ['dist/**', 'dist-cli/**', 'dist-firefox/**', 'node_modules/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['scripts/**', 'tests/**', 'src/cli/**', '*.config.*'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src/**'],
    ignores: ['src/cli/**'],
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
  {
    files: ['src/**'],
    ignores: ['src/shared/browser.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'webextension-polyfill',
              message: 'Import browser from src/shared/browser.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['idb', 'webextension-polyfill', 'fuse.js', 'node:*', 'fs', 'path'],
              message: 'src/core is pure: no storage, browser or Node API.',
            },
            {
              group: outsideCore.map((g) => g.replace('**/', '../').replace('/**', '')),
              message: 'src/core imports nothing outside src/core.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/content/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'idb',
                'webextension-polyfill',
                '**/library/**',
                '**/background/**',
                '**/popup/**',
                '**/options/**',
              ],
              message: 'A content script imports core and shared only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/library/*',
                '!**/library/import',
                '**/library/import/index',
                '**/background/**',
                '**/content/**',
                '**/popup/**',
                '**/options/**',
                '**/shared/browser',
                '**/ui/**',
                '**/sites/**',
                'idb',
                'webextension-polyfill',
              ],
              message:
                'The CLI imports src/core, src/library/import (its DOM-free readers, not the index that loads pdf.js) and src/shared only.',
            },
          ],
        },
      ],
    },
  },
);
