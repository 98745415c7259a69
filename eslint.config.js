// Lint rules, including the one architectural boundary (docs/architecture.md): the product (apis, federation,
// client, controllers, cli, dns) never imports the local API server (apiserver, local) and vice versa; common/
// imports nothing of ours. The product must reach clusters only over HTTP with kubeconfig credentials.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const product = ['apis', 'federation', 'client', 'controllers', 'cli', 'dns', 'install', 'demo'];
const server = ['apiserver', 'local'];
const patternsFor = (names) => names.flatMap((n) => [`**/${n}/*`, `**/${n}`, `../${n}/**`, `../../${n}/**`]);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bin/**', 'scripts/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  ...product.map((dir) => ({
    files: [`src/${dir}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: patternsFor(server), message: 'The product talks to clusters only over the Kubernetes REST API; it must not import the local API server.' },
          // Pure decisions live in federation/; the CLI and the demo never depend on the controller manager's internals.
          ...(['cli', 'demo', 'apis', 'federation', 'client', 'install'].includes(dir)
            ? [{ group: patternsFor(['controllers']), message: 'Only the controller manager imports controllers/; move shared pure logic to federation/.' }]
            : []),
        ],
      }],
    },
  })),
  ...server.map((dir) => ({
    files: [`src/${dir}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: patternsFor(product), message: 'The local API server is independent of the product; share code through common/.' }],
      }],
    },
  })),
  {
    files: ['src/common/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: patternsFor([...product, ...server]), message: 'common/ imports nothing of ours.' }],
      }],
    },
  },
);
