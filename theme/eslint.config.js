// Lint of careerbook's browser source (theme/js/) and build script.
import js from '@eslint/js';
import globals from 'globals';

export default [
  js.configs.recommended,
  {
    files: ['js/**/*.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: globals.browser },
    rules: {
      // Readable code: one statement a line, braces always, names that say
      // something (the data format's one-letter fields are documented).
      'max-statements-per-line': ['error', { max: 1 }],
      curly: ['error', 'all'],
      'id-length': ['error', { min: 2, properties: 'never', exceptions: ['$', '_', 'h', 'a', 'b', 'x', 'y', 's'] }],
      'max-len': ['error', { code: 130, ignoreStrings: true, ignoreTemplateLiterals: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'prefer-const': 'error',
      'no-implicit-coercion': 'error',
      'no-unused-vars': ['error', { args: 'after-used' }],
      // Data is shown as text, never parsed as markup; no inline styles (CSP).
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Build elements and text nodes (see dom.js).' },
        { property: 'outerHTML', message: 'Build elements and text nodes (see dom.js).' },
        { property: 'insertAdjacentHTML', message: 'Build elements and text nodes (see dom.js).' },
        { object: 'document', property: 'write', message: 'Build elements and text nodes (see dom.js).' },
        { property: 'cssText', message: 'Use classes from careerbook.css.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='setAttribute'][arguments.0.value=/^(style|on)/]",
          message: 'No style attributes or inline event handlers (CSP): use classes and addEventListener.',
        },
      ],
      // Nothing goes over the network.
      'no-restricted-globals': ['error', 'fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'eval'],
    },
  },
  {
    files: ['build.mjs', 'eslint.config.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: globals.node },
  },
];
