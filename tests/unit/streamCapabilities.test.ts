import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseServerVersion, streamCapabilitiesOf } from '../../src/bus/streams/streamCapabilities';

/** [version, ackDelete, trimPolicy, readGroupClaim, addIdempotency, nack] */
const TABLE: [string, boolean, boolean, boolean, boolean, boolean][] = [
  ['6.2.14', false, false, false, false, false],
  ['7.0.15', false, false, false, false, false],
  ['7.4.2', false, false, false, false, false],
  ['8.0.3', false, false, false, false, false],
  ['8.1.99', false, false, false, false, false],
  ['8.2.0', true, true, false, false, false],
  ['8.3.1', true, true, false, false, false],
  ['8.4.0', true, true, true, false, false],
  ['8.5.0', true, true, true, false, false],
  ['8.6.0', true, true, true, true, false],
  ['8.8.0', true, true, true, true, true],
  ['8.10.0', true, true, true, true, true],
  ['9.0.0', true, true, true, true, true],
  ['10.0', true, true, true, true, true],
  ['8.2.0-rc1', true, true, false, false, false],
  ['unknown', false, false, false, false, false],
  ['', false, false, false, false, false],
  ['v8.8.0', false, false, false, false, false],
];

describe('stream capabilities by server version', () => {
  test('each newer command is gated by the version that brought it; unreadable versions get the 7.0 commands only', () => {
    const actual = TABLE.map(([version]) => {
      const c = streamCapabilitiesOf(version);
      return [version, c.hasAckDelete, c.hasTrimReferencePolicy, c.hasReadGroupClaim, c.hasAddIdempotency, c.hasNack];
    });
    assert.deepStrictEqual(actual, TABLE);
  });

  test('versions parse to major and minor; text that is not a version is null', () => {
    assert.deepStrictEqual(
      ['7.0.15', '8.10', '255.255.255', 'redis-7', '7', '7.0.x'].map(parseServerVersion),
      [{ major: 7, minor: 0 }, { major: 8, minor: 10 }, { major: 255, minor: 255 }, null, null, null],
    );
  });
});
