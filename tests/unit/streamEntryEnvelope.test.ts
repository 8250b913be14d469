/** Envelope extraction from stream entries, and the stream id rules. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pack } from 'msgpackr';
import { findEnvelope, type RawField } from '../../src/bus/streams/entryEnvelope';
import { firstIdAt, lastIdAt, parseStreamId, streamIdTimeMs, compareStreamIds } from '../../src/shared/streamEntries';

const fields = (...pairs: [string | Buffer, string | Buffer][]): RawField[] =>
  pairs.map(([name, value]) => ({ name: Buffer.from(name), value: Buffer.from(value) }));

describe('findEnvelope', () => {
  test('reads columns spread over fields, the first of a repeated name winning', () => {
    const envelope = findEnvelope(fields(['type', 'event'], ['from', 'a'], ['from', 'b'], ['timestamp', '2024-04-25T00:00:00Z']));
    assert.deepEqual(envelope, { foundIn: { kind: 'fields' }, type: 'event', from: 'a', timestampMs: Date.UTC(2024, 3, 25) });
  });

  test('a lone type field is not an envelope', () => {
    assert.equal(findEnvelope(fields(['type', 'x'], ['value', '1'])), null);
  });

  test('reads JSON and MessagePack envelopes in one field', () => {
    const json = findEnvelope(fields(['payload', JSON.stringify({ from: 'p', to: 'q', priority: 3 })]));
    assert.deepEqual(json, { foundIn: { kind: 'field', fieldName: 'payload' }, from: 'p', to: 'q', priority: '3' });
    const msgpack = findEnvelope([{ name: Buffer.from('message'), value: pack({ id: 'm', type: 't' }) }]);
    assert.deepEqual(msgpack, { foundIn: { kind: 'field', fieldName: 'message' }, id: 'm', type: 't' });
  });

  test('makes control characters visible and caps long columns', () => {
    const envelope = findEnvelope(fields(['from', 'a\u202Eb'], ['to', 'x'.repeat(5000)]));
    assert.equal(envelope?.from, 'a\\u202Eb');
    assert.ok(envelope!.to!.length <= 201 && envelope!.to!.endsWith('…'));
  });

  test('never throws on broken or hostile values', () => {
    assert.equal(findEnvelope(fields(['data', '{"from": "a", "to":'])), null);
    assert.equal(findEnvelope([{ name: Buffer.from([0xff]), value: Buffer.from([0xc1]) }]), null);
    assert.equal(findEnvelope(fields(['data', '[1,2,3]'])), null);
  });
});

describe('stream ids', () => {
  test('parses full ids, milliseconds alone, and refuses anything else', () => {
    assert.deepEqual(parseStreamId('1714000000000-7'), { ms: 1_714_000_000_000, seq: 7 });
    assert.deepEqual(parseStreamId(' 42 '), { ms: 42, seq: 0 });
    for (const bad of ['', '-', '1-', '-1', '1-2-3', 'abc', '1.5-0', '99999999999999999999-0']) assert.equal(parseStreamId(bad), null, bad);
  });

  test('reads the time of an id and orders ids', () => {
    assert.equal(streamIdTimeMs('1714000000000-3'), 1_714_000_000_000);
    assert.ok(Number.isNaN(streamIdTimeMs('x-1')));
    assert.ok(compareStreamIds({ ms: 1, seq: 9 }, { ms: 2, seq: 0 }) < 0);
    assert.ok(compareStreamIds({ ms: 2, seq: 1 }, { ms: 2, seq: 0 }) > 0);
  });

  test('time range bounds cover whole milliseconds', () => {
    assert.equal(firstIdAt(1000.7), '1000-0');
    assert.equal(lastIdAt(2000), '2000');
    assert.equal(firstIdAt(-5), '0-0');
  });
});

describe('field values', () => {
  test('decode as the live feed does, words starting like JSON included', async () => {
    const { fieldValueOf } = await import('../../src/bus/streams/browse/entryDecoding');
    const { buildShownFields } = await import('../../src/bus/feed/feedMessageBuilder');
    for (const text of ['task_request', 'normal', 'false alarm', 'true', 'null \n', 'false', 'nullx', '300', '{"a":1}', 'f\u00e9e']) {
      const bytes = Buffer.from(text);
      const feed = buildShownFields(bytes, 'auto', 0);
      const field = fieldValueOf(bytes);
      assert.deepEqual([field.kind, field.preview], [feed.kind, feed.preview], text);
    }
    const notUtf8 = fieldValueOf(Buffer.from([0x74, 0xff, 0x00]));
    assert.equal(notUtf8.kind, buildShownFields(Buffer.from([0x74, 0xff, 0x00]), 'auto', 0).kind);
  });
});
