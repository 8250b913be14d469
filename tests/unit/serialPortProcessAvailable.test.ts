/**
 * The process link under Electron: the packaged app burns the RunAsNode fuse
 * off, so a fork from the bus would start the app itself, not Node: the
 * desktop host starts it (utilityProcess) when it handed the bus its relay,
 * and without one it is refused in words; under plain Node the bus forks it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { choosePortProcessLauncher, forkPortProcess, mayForkPortProcess, type PortProcessLauncher } from '../../src/bus/bridges/serial/portProcess';
import { ok } from '../../src/shared/result';

test('under Electron (seen in process.versions, or told by the desktop host) the port process is refused in words unless the desktop host relays it; under Node the bus forks it', () => {
  const refusal = 'This serial bridge needs its port in a separate process, and this desktop app did not offer to start one; run the console in the browser (npm run serve) to use it.';
  const relay: PortProcessLauncher = () => {
    throw new Error('not started in this test');
  };
  const answers = [
    choosePortProcessLauncher(undefined, mayForkPortProcess(undefined, { node: '22.20.0', electron: '45.4.1' })),
    choosePortProcessLauncher(undefined, mayForkPortProcess('desktop', { node: '22.20.0' })),
    choosePortProcessLauncher(undefined, mayForkPortProcess('serve', { node: '20.20.2' })),
    choosePortProcessLauncher(undefined, mayForkPortProcess(undefined, { node: '20.20.2' })),
    choosePortProcessLauncher(relay, mayForkPortProcess('desktop', { node: '22.20.0', electron: '45.4.1' })),
    // A relay, when given, starts the process even where the bus could fork.
    choosePortProcessLauncher(relay, mayForkPortProcess('serve', { node: '20.20.2' })),
  ];
  assert.deepStrictEqual(
    answers.map((answer) => (answer.ok ? answer : answer.error.message)),
    [refusal, refusal, ok(forkPortProcess), ok(forkPortProcess), ok(relay), ok(relay)],
  );
});
