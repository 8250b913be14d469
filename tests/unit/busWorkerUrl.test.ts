import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveBusWorkerUrl } from '../../src/bus/busThread';

test('the bus worker is found next to the built hosts, and in src/main/bus from any source file', () => {
  assert.deepStrictEqual(
    [
      'file:///app/out/main/serve.js',
      'file:///app/out/main/index.js',
      'file:///app/src/serve/serveHost.ts',
      'file:///app/src/main/index.ts',
      'file:///home/ana/src/labwire/src/bus/busThread.ts',
    ].map((from) => resolveBusWorkerUrl(from).href),
    [
      'file:///app/out/main/busWorker.js',
      'file:///app/out/main/busWorker.js',
      'file:///app/src/bus/busWorker.ts',
      'file:///app/src/bus/busWorker.ts',
      'file:///home/ana/src/labwire/src/bus/busWorker.ts',
    ],
  );
});
