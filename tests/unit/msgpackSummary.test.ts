import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Packr, Unpackr } from 'msgpackr';
import { recognizeEnvelopeAt } from '../../src/bus/decode/envelope';
import { findMsgpackProblem } from '../../src/bus/decode/msgpackPrescan';
import { compactJsonPreview } from '../../src/bus/decode/compactPreview';
import { summarizeMsgpack } from '../../src/bus/decode/msgpackSummary';
import { createSeededRandom, type RandomSource } from '../../src/bus/simulator/seededRandom';
import { MAX_PREVIEW_CHARS } from '../../src/shared/liveChannels';

/** The decoder the bus uses for the full value (decodePayload's settings). */
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true, int64AsType: 'number' });
const packr = new Packr({ useRecords: false });
const packFloat32 = new Packr({ useRecords: false, useFloat32: 1 });
const LIMITS = { maxDepth: 64, maxItems: 100_000 };
/** When the tests' messages arrive: a publish time may be at most a day after it. */
const RECEIVED_AT_MS = Date.UTC(2025, 2, 14, 9, 30);

/** The summary and what the full decode gives for the same bytes. */
function bothWays(bytes: Uint8Array, maxChars = MAX_PREVIEW_CHARS): { summary: unknown; full: unknown } {
  assert.equal(findMsgpackProblem(bytes, LIMITS), null);
  const summary = summarizeMsgpack(bytes, maxChars);
  const value = unpackr.unpack(bytes) as unknown;
  return {
    summary: summary && { preview: summary.preview, envelope: recognizeEnvelopeAt(summary.envelopeFields, RECEIVED_AT_MS) },
    full: { preview: compactJsonPreview(value, maxChars), envelope: recognizeEnvelopeAt(value, RECEIVED_AT_MS) },
  };
}

const WORDS = ['type', 'source', 'timestamp', 'ts', 'data', 'payload', 'from', 'to', 'channel', 'Ch1', 'x', 'déjà', '蘑菇', 'a\u202eb', 'tab\there', '__proto__'];

function randomText(random: RandomSource): string {
  const roll = random();
  if (roll < 0.6) return WORDS[Math.floor(random() * WORDS.length)]!;
  if (roll < 0.8) return 'long '.repeat(Math.floor(random() * 200));
  return Array.from({ length: Math.floor(random() * 40) }, () => String.fromCodePoint(Math.floor(random() * 0x2fff))).join('');
}

function chain(random: RandomSource, depth: number): unknown {
  let value: unknown = randomText(random);
  for (let level = 0; level < depth; level++) value = random() < 0.5 ? [value, level] : { level, inner: value };
  return value;
}

function randomValue(random: RandomSource, depth: number): unknown {
  // Mostly shallow and small, now and then a chain past the preview's depth limit.
  if (random() < 0.02) return chain(random, 30 + Math.floor(random() * 8));
  const roll = depth > 6 ? 0.4 + random() * 0.6 : random() * (1 + depth / 2);
  if (roll < 0.25) {
    // Keys unique and not integer-like: where msgpackr's object and the wire agree on order.
    const keys = new Set<string>();
    const count = Math.floor(random() * 12);
    for (let index = 0; index < count; index++) keys.add(`${randomText(random)}${random() < 0.3 ? index : ''}`.replace(/^\d+$/, 'k'));
    return Object.fromEntries([...keys].map((key) => [key, randomValue(random, depth + 1)]));
  }
  if (roll < 0.4) return Array.from({ length: Math.floor(random() * 30) }, () => randomValue(random, depth + 1));
  if (roll < 0.55) return randomText(random);
  if (roll < 0.62) return Math.floor((random() - 0.5) * 2 ** Math.floor(random() * 64));
  if (roll < 0.72) return (random() - 0.5) * 10 ** Math.floor(random() * 30 - 10);
  if (roll < 0.75) return [Number.NaN, Number.POSITIVE_INFINITY, -0, 2 ** 53 + 2, -(2 ** 63)][Math.floor(random() * 5)];
  if (roll < 0.8) return random() < 0.5;
  if (roll < 0.84) return null;
  if (roll < 0.88) return Uint8Array.from({ length: Math.floor(random() * 300) }, () => Math.floor(random() * 256));
  if (roll < 0.92) return new Date(Math.floor((random() - 0.3) * 4e12));
  return 1_763_771_000 + random();
}

describe('summarizeMsgpack', () => {
  test('writes the preview and finds the envelope exactly as decoding the value does, over 3,000 random values', () => {
    const random = createSeededRandom(20261122);
    for (let round = 0; round < 3000; round++) {
      const value = randomValue(random, 0);
      const bytes = (round % 3 === 0 ? packFloat32 : packr).pack(value);
      const maxChars = round % 5 === 0 ? 40 : MAX_PREVIEW_CHARS;
      const { summary, full } = bothWays(bytes, maxChars);
      assert.deepEqual(summary, full, `round ${round}: ${Buffer.from(bytes).toString('hex').slice(0, 200)}`);
    }
  });

  test('every payload the structure check lets through, however mangled, decodes and is summarized within the cap', () => {
    const random = createSeededRandom(404);
    const originals = [packr.pack({ type: 'raw', timestamp: 1_741_944_600.004, channels: { Ch0: -12.5, Ch1: 3, Ch2: 'x'.repeat(40) } }), packFloat32.pack([[1.5, [null, true]], { a: new Uint8Array(9) }, new Date(0)])];
    let passed = 0;
    for (let round = 0; round < 20_000; round++) {
      let bytes = Buffer.from(originals[round % 2]!);
      for (let edit = 0; edit < 1 + (round % 3); edit++) {
        const at = Math.floor(random() * bytes.length);
        if (random() < 0.7) bytes[at] = Math.floor(random() * 256);
        else bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([Math.floor(random() * 256)]), bytes.subarray(at)]);
      }
      if (findMsgpackProblem(bytes, LIMITS) !== null) continue;
      passed++;
      assert.doesNotThrow(() => unpackr.unpack(bytes), bytes.toString('hex'));
      const summary = summarizeMsgpack(bytes, MAX_PREVIEW_CHARS);
      assert.ok(summary !== null && summary.preview.length <= MAX_PREVIEW_CHARS, bytes.toString('hex'));
    }
    assert.ok(passed > 1000, `only ${passed} mangled payloads passed the check`);
  });

  test('reads the envelopes of LAB_TRAFFIC, deep or late in the map', () => {
    const filler = Object.fromEntries(Array.from({ length: 80 }, (_, index) => [`Ch${index}`, index / 7]));
    const cases = [
      { type: 'raw', timestamp: 1_741_944_600.004, channels: filler },
      { channels: filler, source: 'edge-relay', type: 'prediction', ts: '2025-03-14T09:30:00.004Z' },
      { channel: 'devices:telemetry', source: 'device-manager', timestamp: 1_741_944_600_004, data: { device_id: 'mushroom1', type: 'co2' } },
      { id: 'm-1', from: 'router', to: 'agent-7', type: 'task', payload: [1, 2], timestamp: 1_741_944_600 },
      { type: 'agent_status', payload: { source: 'agent-7', timestamp: new Date(Date.UTC(2025, 2, 14)) } },
    ];
    for (const value of cases) {
      const { summary, full } = bothWays(packr.pack(value));
      assert.deepEqual(summary, full);
    }
    assert.deepEqual((bothWays(packr.pack(cases[1])).summary as { envelope: unknown }).envelope, {
      shape: 'typedRecord',
      type: 'prediction',
      source: 'edge-relay',
      publishedAt: Date.UTC(2025, 2, 14, 9, 30, 0, 4),
    });
  });

  test('shows the map as sent where msgpackr reorders or merges it: repeated keys, integer-like keys', () => {
    // fixmap of 3: "a":1, "a":2, "1":3 (hand-written: no encoder repeats a key).
    const bytes = Uint8Array.from([0x83, 0xa1, 0x61, 0x01, 0xa1, 0x61, 0x02, 0xa1, 0x31, 0x03]);
    assert.equal(findMsgpackProblem(bytes, LIMITS), null);
    assert.equal(summarizeMsgpack(bytes, MAX_PREVIEW_CHARS)?.preview, '{"a":1,"a":2,"1":3}');
    assert.equal(compactJsonPreview(unpackr.unpack(bytes), MAX_PREVIEW_CHARS), '{"1":3,"a":2}');
    // A repeated envelope key: the last wins, as in the decoded value.
    const typed = Uint8Array.from([0x82, 0xa4, ...Buffer.from('type'), 0xa1, 0x61, 0xa4, ...Buffer.from('type'), 0xa1, 0x62]);
    assert.equal(recognizeEnvelopeAt(summarizeMsgpack(typed, MAX_PREVIEW_CHARS)?.envelopeFields, RECEIVED_AT_MS).type, 'b');
  });

  test('the structure check refuses the keys msgpackr cannot make object keys of, before anything reads them', () => {
    // {[1]: 2}, {{}: 1}, {bin: 1}
    for (const bytes of [[0x81, 0x91, 0x01, 0x02], [0x81, 0x80, 0x01], [0x81, 0xc4, 0x01, 0x00, 0x01]]) {
      assert.match(findMsgpackProblem(Uint8Array.from(bytes), LIMITS) ?? '', /map key at byte 1 is a list, map, binary or extension value/);
    }
    // Scalar keys of every kind pass: nil, true, 7, -1, 1.5, "k".
    const scalarKeys = Uint8Array.from([0x86, 0xc0, 0x01, 0xc3, 0x01, 0x07, 0x01, 0xff, 0x01, 0xcb, ...new Uint8Array(new Float64Array([1.5]).buffer).reverse(), 0x01, 0xa1, 0x6b, 0x01]);
    assert.equal(findMsgpackProblem(scalarKeys, LIMITS), null);
    const { summary, full } = bothWays(scalarKeys);
    assert.equal((summary as { preview: string }).preview, '{"null":1,"true":1,"7":1,"-1":1,"1.5":1,"k":1}');
    assert.notEqual(summary, null);
    assert.equal(typeof (full as { preview: string }).preview, 'string');
  });

  test('stops reading where the preview is full: a 100,000-element array costs what a short one does', () => {
    const big = packr.pack({ type: 'raw', samples: Array.from({ length: 100_000 }, (_, index) => index * 1.5) });
    const summary = summarizeMsgpack(big, MAX_PREVIEW_CHARS);
    assert.equal(summary?.preview.length, MAX_PREVIEW_CHARS);
    assert.ok(summary?.preview.endsWith('…'));
    assert.equal(recognizeEnvelopeAt(summary?.envelopeFields, RECEIVED_AT_MS).type, 'raw');
  });
});
