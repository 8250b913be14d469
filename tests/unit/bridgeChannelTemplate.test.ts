/**
 * Channel templates name fields inside a record, not only top-level ones:
 * `{data.device_id}`, `{sensors[1].id}`, with the field path's own syntax
 * and error words, while plain names and old dotted top-level keys keep
 * working.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { channelTemplateProblem, resolveChannel } from '../../src/bus/bridges/records/channelTemplate';

function channelOf(template: string, record: unknown, fallbackDeviceId = ''): string {
  const channel = resolveChannel(template, record, fallbackDeviceId);
  return channel.ok ? channel.value : `error: ${channel.error.message}`;
}

test('nested fields fill the template', () => {
  assert.equal(channelOf('devices:{data.device_id}:telemetry', { data: { device_id: 'board-7' } }), 'devices:board-7:telemetry');
  assert.equal(channelOf('rig:{sensors[1].id}', { sensors: [{ id: 'a' }, { id: 12 }] }), 'rig:12');
  assert.equal(channelOf('rig:{meta["room name"]}', { meta: { 'room name': 'B2' } }), 'rig:B2');
  assert.equal(channelOf('devices:{device_id}', { device_id: 'top' }), 'devices:top');
});

test('a dotted name the record holds as one top-level key still takes that key', () => {
  assert.equal(channelOf('devices:{sensor.id}', { 'sensor.id': 'flat', sensor: { id: 'nested' } }), 'devices:flat');
});

test('a missing or unusable nested field is an error in words, never "undefined" or "[object Object]"', () => {
  assert.equal(channelOf('devices:{data.device_id}', { data: {} }), 'error: The record has no data.device_id for {data.device_id} in the channel.');
  assert.equal(channelOf('devices:{data.device_id}', { data: 'text' }), 'error: The record has no data.device_id for {data.device_id} in the channel.');
  assert.equal(
    channelOf('devices:{data.device_id}', { data: { device_id: { a: 1 } } }),
    "error: The record's data.device_id is an object, not text or a number, so it cannot fill {data.device_id} in the channel.",
  );
  // Own properties only: a path cannot reach an object's prototype.
  assert.match(channelOf('devices:{data.constructor}', { data: {} }), /^error: The record has no data.constructor/);
});

test('a path the field path syntax refuses is refused when the bridge is saved', () => {
  assert.equal(channelTemplateProblem('devices:{data..id}'), 'The channel template has {data..id} at character 9: the field path "data..id" has two dots in a row at character 6.');
  assert.match(channelTemplateProblem('devices:{data.*}') ?? '', /^The channel template has \{data\.\*\} at character 9: the field path "data\.\*" has a \*/);
  assert.equal(channelTemplateProblem('devices:{data.device_id}:telemetry'), null);
});

test('records of changing devices get their own channels, also after a run of one device', () => {
  const ids = ['b1', 'b1', 'b2', 'b1', 7, 7, 'b2'];
  assert.deepEqual(
    ids.map((id) => channelOf('devices:{device_id}:telemetry', { device_id: id })),
    ids.map((id) => `devices:${id}:telemetry`),
  );
  assert.equal(channelOf('devices:{device_id}:telemetry', {}, 'fallback-board'), 'devices:fallback-board:telemetry');
  assert.equal(channelOf('devices:{device_id}:telemetry', {}), 'error: The record has no device_id for {device_id} in the channel (set a device id on the bridge to use when records carry none).');
});
