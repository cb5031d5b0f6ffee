import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'data/', 'test-results/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name='only']", message: 'Focused tests silence the rest of the suite.' }],
    },
  },
  {
    // An arrow's value is easy to hand on by accident: a refresh function returned from a callback
    // once became an effect's cleanup and refetched a queue on every render (issue 12). In the web
    // app, effects have block bodies (a cleanup is an explicit `return`) and arrows never return an assignment.
    files: ['web/src/**/*.{ts,tsx}'],
    rules: {
      'no-return-assign': ['error', 'always'],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='only']", message: 'Focused tests silence the rest of the suite.' },
        {
          selector: 'CallExpression[callee.name=/^use(Layout|Insertion)?Effect$/] > ArrowFunctionExpression[expression=true]',
          message: "Give the effect a block body: an arrow's value becomes the effect's cleanup.",
        },
      ],
    },
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.js'],
    languageOptions: { globals: { process: 'readonly' } },
  },
  {
    files: ['bench/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', setImmediate: 'readonly' } },
  },
);
