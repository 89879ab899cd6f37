// One linter: ESLint's and typescript-eslint's recommended rules for every
// TypeScript and JavaScript file, and eslint-plugin-astro's for the components.
// Formatting is Prettier's job (prettier.config.mjs), so no style rules here.
import js from '@eslint/js';
import astro from 'eslint-plugin-astro';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      '.astro/',
      'test-results/',
      'playwright-report/',
      'reports/',
      '.stryker-tmp/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_name` marks a parameter a signature needs but the body does not.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // Playwright fixtures and tests destructure their first argument even when
    // they use none of it (`async ({}, use) => ...`): Playwright reads the pattern.
    files: ['tests/**/*.ts', '**/*.test.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    // Client-side scripts in components run in the browser.
    files: ['src/**/*.astro', 'src/**/*.astro/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
