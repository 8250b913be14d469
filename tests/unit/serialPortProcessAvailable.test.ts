/**
 * The process link under Electron: the packaged app burns the RunAsNode fuse
 * off, so a fork from the bus would start the app itself, not Node: the
 * desktop host starts it (utilityProcess) when it handed the bus its relay,
 * and without one it is refused in words; under plain Node it runs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPortProcessAvailable } from '../../src/bus/bridges/serial/serialProcessDevice';
import { ok } from '../../src/shared/result';

test('under Electron (seen in process.versions, or told by the desktop host) the port process is refused in words unless the desktop host relays it; under Node it is available', () => {
  const refusal = 'This serial bridge needs its port in a separate process, and this desktop app did not offer to start one; run the console in the browser (npm run serve) to use it.';
  const answers = [
    checkPortProcessAvailable({ versions: { node: '22.20.0', electron: '45.4.1' } }),
    checkPortProcessAvailable({ hostKind: 'desktop', versions: { node: '22.20.0' } }),
    checkPortProcessAvailable({ hostKind: 'serve', versions: { node: '20.20.2' } }),
    checkPortProcessAvailable({ versions: { node: '20.20.2' } }),
    checkPortProcessAvailable({ hostKind: 'desktop', versions: { node: '22.20.0', electron: '45.4.1' }, hostLauncher: () => { throw new Error('not started in this test'); } }),
  ];
  assert.deepStrictEqual(
    answers.map((answer) => (answer.ok ? answer : answer.error.message)),
    [refusal, refusal, ok(undefined), ok(undefined), ok(undefined)],
  );
});
