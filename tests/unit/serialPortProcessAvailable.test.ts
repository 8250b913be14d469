/**
 * The process link under Electron: the packaged app burns the RunAsNode fuse
 * off, so a fork from the bus would start the app itself, not Node. It is
 * refused in words instead; under plain Node (the serve host, tests) it runs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPortProcessAvailable } from '../../src/bus/bridges/serial/serialProcessDevice';
import { ok } from '../../src/shared/result';

test('under Electron the port process is refused in words; under Node it is available', () => {
  const underElectron = checkPortProcessAvailable({ node: '22.20.0', electron: '45.4.1' });
  assert.deepStrictEqual(
    [underElectron.ok ? 'available' : underElectron.error.message, checkPortProcessAvailable({ node: '20.20.2' })],
    ['This serial bridge needs its port in a separate process, which the desktop app cannot start yet; run the console in the browser (npm run serve) to use it.', ok(undefined)],
  );
});
