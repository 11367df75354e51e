// Boundaries are lint errors (STYLE.md 1): the engine never imports electron or svelte, the
// renderer never reaches into node, the database, OCR or core.
import js from '@eslint/js'
import svelte from 'eslint-plugin-svelte'
import globals from 'globals'
import ts from 'typescript-eslint'

const noElectronOrSvelte = {
  patterns: [
    { group: ['electron', 'electron/*'], message: 'src/core, shared, cli and serve are plain Node: no electron.' },
    { group: ['svelte', 'svelte/*'], message: 'Svelte belongs to src/renderer only.' }
  ]
}

export default ts.config(
  { ignores: ['out/', 'dist/', 'node_modules/', 'test-results/', 'src/renderer/public/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
    }
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } }
  },
  {
    files: ['src/core/**', 'src/cli/**', 'src/serve/**'],
    rules: { 'no-restricted-imports': ['error', noElectronOrSvelte] }
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...noElectronOrSvelte.patterns, { group: ['node:*'], message: 'src/shared runs in every process: no node:*.' }] }
      ]
    }
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'child_process'], message: 'The renderer has no node.' },
            { group: ['better-sqlite3', 'tesseract.js', 'electron'], message: 'The renderer talks to core through the API only.' },
            { group: ['**/core/**', '**/core'], message: 'The renderer talks to core through the API only.' }
          ]
        }
      ]
    }
  },
  {
    files: ['tests/e2e/**/*.mjs', 'src/renderer/public/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } }
  },
  {
    // electron-builder loads its hooks with require(), so they stay CommonJS.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  }
)
