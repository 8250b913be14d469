/** Which serial link a bridge uses: the process link on Windows or when forced, the in-thread link elsewhere. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseSerialLinkKind } from '../../src/bus/bridges/serial/serialLinkKind';

test('Windows always uses the process link; elsewhere only LABWIRE_SERIAL_LINK=process forces it', () => {
  const cases: [NodeJS.Platform, Record<string, string | undefined>][] = [
    ['win32', {}],
    ['win32', { LABWIRE_SERIAL_LINK: 'thread' }],
    ['linux', {}],
    ['linux', { LABWIRE_SERIAL_LINK: 'process' }],
    ['linux', { LABWIRE_SERIAL_LINK: 'Process' }],
    ['darwin', { LABWIRE_SERIAL_LINK: 'process' }],
    ['darwin', { LABWIRE_SERIAL_LINK: '' }],
  ];
  assert.deepStrictEqual(
    cases.map(([platform, environment]) => chooseSerialLinkKind(platform, environment)),
    ['process', 'process', 'thread', 'process', 'thread', 'process', 'thread'],
  );
});
