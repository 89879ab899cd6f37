// One formatter for code and config (oxc parses JS and TS for it: the same
// output as its default parser, at half the CPU). 100 columns: code shown on the pages must
// fit a phone-sized code block without wrapping (tests/site checks the width).
/** @type {import('prettier').Config} */
export default {
  printWidth: 100,
  singleQuote: true,
  plugins: ['@prettier/plugin-oxc', 'prettier-plugin-astro'],
  overrides: [{ files: '*.astro', options: { parser: 'astro' } }],
};
