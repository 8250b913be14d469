// Runs node's test runner over the TypeScript test files below the given folders.
// Node 20's `--test` neither expands globs nor picks up .ts files by itself.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function findTests(path) {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => {
      const child = join(path, name);
      if (statSync(child).isDirectory()) return findTests(child);
      return name.endsWith('.test.ts') ? [child] : [];
    });
}

const roots = process.argv.slice(2);
const files = roots.flatMap(findTests);
if (files.length === 0) {
  console.error(`No test files found under ${roots.join(', ')}`);
  process.exit(1);
}
const concurrency = process.env.LABWIRE_TEST_CONCURRENCY ?? '2';
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
