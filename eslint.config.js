// The layer table, enforced. Each block names the rule it states.
//
// | folder        | may import                                   | never                      |
// |---------------|----------------------------------------------|----------------------------|
// | src/shared    | nothing of ours                              | Node, electron, React      |
// | src/bus       | src/shared, Node, ioredis, msgpackr, ws, serialport | electron, React, any host |
// | src/main      | src/bus, src/shared, electron                | React, renderer            |
// | src/serve     | src/bus, src/shared, Node, ws                | electron, React            |
// | src/preload   | electron, types from src/shared              | Node, bus, renderer, values of src/shared |
// | src/renderer  | src/shared, React, uPlot, react-query        | Node, electron, bus, serve |
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'node:*', 'fs', 'fs/*', 'path', 'os', 'net', 'tls', 'http', 'https', 'child_process', 'worker_threads',
  'crypto', 'stream', 'events', 'util', 'url', 'dgram', 'zlib', 'buffer', 'process', 'module',
];

function layer(files, message, patterns) {
  return {
    files,
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
    },
  };
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='only']", message: '.only is not allowed: it silently skips the rest of the suite.' },
      ],
    },
  },
  layer(
    ['src/shared/**'],
    'Layer rule: src/shared imports nothing of ours and no Node, Electron or React; every side imports it.',
    [...NODE_BUILTINS, 'electron', 'react', 'react-dom', 'ioredis', 'msgpackr', 'ws', 'serialport', '@serialport/*', '**/bus/**', '**/main/**', '**/serve/**', '**/preload/**', '**/renderer/**'],
  ),
  layer(
    ['src/bus/**'],
    'Layer rule: the bus is plain Node; it imports src/shared and Node, never electron, React or a host.',
    ['electron', 'electron/*', 'react', 'react-dom', '**/renderer/**', '**/preload/**', '**/serve/**', '**/main/**'],
  ),
  layer(
    ['src/main/*.ts', 'src/main/desktop/**'],
    'Layer rule: the desktop host imports the bus, src/shared and electron; never React or the renderer.',
    ['react', 'react-dom', '**/renderer/**', '**/serve/**'],
  ),
  layer(
    ['src/serve/**'],
    'Layer rule: the serve host imports the bus, src/shared and Node; never electron or React.',
    ['electron', 'react', 'react-dom', '**/renderer/**', '**/preload/**'],
  ),
  {
    files: ['src/preload/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...NODE_BUILTINS, 'react', 'react-dom', 'ioredis', 'msgpackr', 'serialport', '@serialport/*', '**/bus/**', '**/main/**', '**/serve/**', '**/renderer/**'],
              message: 'Layer rule: the preload imports electron and types from src/shared only (it runs sandboxed).',
            },
            {
              group: ['**/shared/**'],
              allowTypeImports: true,
              message: 'Layer rule: the preload takes only types from src/shared (import type); frames reach the page as bytes.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...NODE_BUILTINS, 'electron', 'ioredis', 'msgpackr', 'ws', 'serialport', '@serialport/*', '**/bus/**', '**/main/**', '**/serve/**', '**/preload/*.ts'],
              message: 'Layer rule: the renderer imports src/shared, React, uPlot and react-query; never Node, electron, the bus or a host.',
            },
          ],
        },
      ],
    },
  },
  {
    // Flat config replaces a rule per file, so this block repeats the renderer's group before adding its own.
    files: ['src/renderer/src/components/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...NODE_BUILTINS, 'electron', 'ioredis', 'msgpackr', 'ws', 'serialport', '@serialport/*', '**/bus/**', '**/main/**', '**/serve/**', '**/preload/*.ts'],
              message: 'Layer rule: the renderer imports src/shared, React, uPlot and react-query; never Node, electron, the bus or a host.',
            },
            {
              group: ['**/features/**'],
              message: 'Layer rule: src/renderer/src/components are shared building blocks; they never import a feature (features import them).',
            },
          ],
        },
      ],
    },
  },
);
