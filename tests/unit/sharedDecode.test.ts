/**
 * The lanes and the alert rules of a channel decode a message's JSON once
 * between them: the second consumer gets the first one's decode, whichever
 * decoder ('auto' or 'json') each asked with; anything else is decoded by
 * each consumer on its own.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pack } from 'msgpackr';
import { readRuleValue } from '../../src/bus/alerts/ruleValue';
import { decodeOnce, type SharedDecodeSlot } from '../../src/bus/decode/sharedDecode';
import { buildMessage } from '../../src/bus/feed/feedMessageBuilder';

const slotOf = (payload: Buffer | string): SharedDecodeSlot => ({ payload: typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload });

describe('one JSON decode per message', () => {
  test('rules first, then a lane: the lane shows the rules\' decode of the message', () => {
    const message = slotOf('{"type":"telemetry","data":{"co2":612}}');
    const ruleValue = readRuleValue(message);
    const built = buildMessage(message.payload, 'auto', 0, false, message);
    assert.deepStrictEqual([ruleValue, built.value === ruleValue, built.fields.kind, built.fields.envelope], [{ type: 'telemetry', data: { co2: 612 } }, true, 'json', { type: 'telemetry' }]);
  });

  test('a lane pinned to JSON first, then the rules: one value', () => {
    const message = slotOf('[1,2,3]');
    const built = buildMessage(message.payload, 'json', 0, false, message);
    assert.equal(readRuleValue(message), built.value);
  });

  test('other limits, other decoders, MessagePack and JSON scalars are each decoded by their consumer', () => {
    const json = slotOf('{"a":1}');
    const withLimits = decodeOnce(json, { maxBytes: 1024 });
    assert.equal(json.decoded, undefined, 'a decode with its own limits is not shared');
    const asText = decodeOnce(json, { pinned: 'text' });
    const shared = decodeOnce(json, {});
    const packed = slotOf(pack({ a: 2 }));
    decodeOnce(packed, {});
    const scalar = slotOf('42');
    decodeOnce(scalar, {});
    assert.deepStrictEqual(
      [withLimits.kind, asText.kind, json.decoded === shared, decodeOnce(json, { pinned: 'msgpack' }).kind, packed.decoded, scalar.decoded],
      ['json', 'text', true, 'error', undefined, undefined],
    );
  });
});
