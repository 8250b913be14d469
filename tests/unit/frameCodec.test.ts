import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeBusMessage, encodeBusMessage, mayCarryTypedArrays } from '../../src/shared/busMessageCodec';
import type { BusToHostMessage } from '../../src/shared/contract';
import { decodeFrame, encodeFrame } from '../../src/shared/frameCodec';
import type { FeedFrame } from '../../src/shared/liveChannels';
import type { PlotFrame } from '../../src/shared/plots';

/** A NaN with a payload other than the canonical one: only a byte copy keeps it. */
function float32WithPayloadNaN(values: number[], nanIndex: number): Float32Array {
  const array = new Float32Array(values);
  new Uint32Array(array.buffer)[nanIndex] = 0x7fc0_1234;
  return array;
}

function plotFrame(): PlotFrame {
  const nanBits = new Float64Array(1);
  new DataView(nanBits.buffer).setBigUint64(0, 0x7ff8_0000_dead_beefn, true);
  return {
    kind: 'plot',
    plotId: 'plot-1',
    profileId: 'p1',
    seq: 12,
    at: 1_700_000_000_123,
    replaceFrom: 1_700_000_000.5,
    keepFrom: 1_699_999_990.25,
    seriesNames: ['Ch1', 'Ch2', 'Ch3'],
    x: new Float64Array([1_700_000_000.004, 1_700_000_000.008, nanBits[0] ?? 0]),
    ys: [float32WithPayloadNaN([1.5, -2.25, 0], 2), new Float32Array([NaN, 3, 4]), new Float32Array(0)],
    isDecimated: false,
    stats: { nominalRateHz: 250, actualRateHz: 249.5, samples: 3, gaps: 0, late: 0, overwritten: 0 },
    newestPublishedAt: null,
    buildMs: 0.25,
    spectrum: {
      frequenciesHz: new Float32Array([0, 0.5, 1, 1.5, 2]),
      power: [new Float32Array([1, 2, 3, 4, 5])],
      bandPowers: [new Float32Array([0.1, 0.2, 0.3, 0.4, 0.5])],
    },
  };
}

function feedFrame(): FeedFrame {
  return {
    kind: 'feed',
    profileId: 'p1',
    seq: 4,
    at: 1_700_000_000_000,
    messages: [
      {
        seq: 101,
        laneIds: ['lane-1'],
        channel: { text: 'user:demo1:raw\\xFF', byteLength: 15, isTruncated: false },
        receivedAt: 1_700_000_000_001,
        sizeBytes: 42,
        kind: 'json',
        preview: '{"channels":{"Ch1":1.5}} ✓ µV',
        envelope: { type: 'eeg', source: 'amp-1', publishedAt: 1_699_999_999_990 },
        latencyMs: 11,
      },
    ],
    gaps: [{ id: 'gap-1', from: 1, to: null, reason: 'The server closed the connection.', afterSeq: 100 }],
    lanes: [],
    channels: [],
    history: { heldMessages: 1, heldBytes: 42, capacityMessages: 10_000, capacityBytes: 1_000_000, evicted: 0, oldestSeq: 1 },
    removedFromLanes: [],
    dropped: { 'frame-cap': 3 },
  };
}

/** Constructor name and raw bytes: equal only if every bit (NaN payloads included) survived. */
function bitsOf(array: ArrayBufferView): { type: string; hex: string } {
  return { type: array.constructor.name, hex: Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('hex') };
}

/** A message with the codec's prefix around a header of our choosing and `blockBytes` zero bytes after it. */
function craft(header: string, blockBytes: number, headerLengthOverride?: number): Uint8Array {
  const headerBytes = Buffer.from(header, 'utf8');
  const blocksStart = (8 + headerBytes.length + 7) & ~7;
  const bytes = new Uint8Array(blocksStart + blockBytes);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x3146574c, true);
  view.setUint32(4, headerLengthOverride ?? headerBytes.length, true);
  bytes.set(headerBytes, 8);
  return bytes;
}

function errorOf(run: () => unknown): { type: string; message: string } | 'no error' {
  try {
    run();
    return 'no error';
  } catch (error) {
    return { type: (error as Error).constructor.name, message: (error as Error).message };
  }
}

describe('frame codec', () => {
  test('a plot frame round-trips with its typed arrays, types and every bit of NaN kept', () => {
    const message: BusToHostMessage = { kind: 'frame', frame: plotFrame() };
    const decoded = decodeFrame(encodeFrame(message)) as { kind: 'frame'; frame: PlotFrame };
    const original = message.frame as PlotFrame;
    assert.deepStrictEqual(
      {
        message: decoded,
        bits: [decoded.frame.x, ...decoded.frame.ys].map(bitsOf),
      },
      {
        message,
        bits: [original.x, ...original.ys].map(bitsOf),
      },
    );
  });

  test('odd-length arrays of mixed widths stay aligned, and views over a larger buffer encode only their own bytes', () => {
    const backing = new Float64Array([9, 8, 7, 6, 5]);
    const value = {
      a: new Float32Array([1, 2, 3]),
      b: new Float64Array([0.1, -0, Infinity]),
      c: new Uint8Array([255]),
      d: new Int16Array([-1, 2, -3]),
      e: new Float64Array(0),
      f: new Float64Array(backing.buffer, 8, 3),
      g: [new Uint32Array([4_000_000_000]), new Int8Array([-128, 127]), new Uint16Array([65_535]), new Int32Array([-5])],
    };
    const decoded = decodeFrame(encodeFrame(value)) as typeof value;
    assert.deepStrictEqual({ decoded, bits: bitsOf(decoded.b) }, { decoded: { ...value, f: new Float64Array([8, 7, 6]) }, bits: bitsOf(value.b) });
  });

  test('a feed frame (no typed arrays) round-trips unchanged', () => {
    const message: BusToHostMessage = { kind: 'frame', frame: feedFrame() };
    assert.deepStrictEqual(decodeFrame(encodeFrame(message)), message);
  });

  test('typed arrays are views into an aligned message and into one copy of an unaligned one', () => {
    const encoded = encodeFrame({ kind: 'frame', frame: plotFrame() });
    const unaligned = new Uint8Array(encoded.byteLength + 1).subarray(1);
    unaligned.set(encoded);
    const fromAligned = decodeFrame(encoded) as { frame: PlotFrame };
    const fromUnaligned = decodeFrame(unaligned) as { frame: PlotFrame };
    assert.deepStrictEqual(
      {
        isAlignedView: fromAligned.frame.x.buffer === encoded.buffer,
        isUnalignedCopied: fromUnaligned.frame.x.buffer !== unaligned.buffer,
        sharesOneCopy: fromUnaligned.frame.ys.every((column) => column.buffer === fromUnaligned.frame.x.buffer),
        frame: fromUnaligned.frame,
      },
      { isAlignedView: true, isUnalignedCopied: true, sharesOneCopy: true, frame: fromAligned.frame },
    );
  });

  test('an unaligned Node Buffer (as ws delivers) decodes too: its slice() is a view, so the codec copies another way', () => {
    const encoded = encodeFrame({ kind: 'frame', frame: plotFrame() });
    const pool = Buffer.alloc(encoded.byteLength + 3);
    const unaligned = pool.subarray(3);
    unaligned.set(encoded);
    assert.deepStrictEqual((decodeFrame(unaligned) as { frame: PlotFrame }).frame, (decodeFrame(encoded) as { frame: PlotFrame }).frame);
  });

  test('malformed messages throw plain Errors that say what is wrong', () => {
    const valid = encodeFrame({ x: new Float64Array([1, 2, 3]) });
    const badMagic = valid.slice();
    badMagic[0] = 0x58;
    const reference = (name: unknown, offset: unknown, length: unknown): string =>
      JSON.stringify({ x: { $typedArray: name, offset, length } });
    const outcomes = {
      empty: errorOf(() => decodeFrame(new Uint8Array(0))),
      short: errorOf(() => decodeFrame(valid.subarray(0, 7))),
      badMagic: errorOf(() => decodeFrame(badMagic)),
      headerOverrun: errorOf(() => decodeFrame(craft('{}', 0, 1_000))),
      typedArrayOverrun: errorOf(() => decodeFrame(valid.subarray(0, valid.byteLength - 8))),
      hugeLength: errorOf(() => decodeFrame(craft(reference('Float64Array', 0, 2 ** 40), 8))),
      unknownType: errorOf(() => decodeFrame(craft(reference('BigInt64Array', 0, 1), 8))),
      inheritedName: errorOf(() => decodeFrame(craft(reference('toString', 0, 1), 8))),
      prototypeName: errorOf(() => decodeFrame(craft(reference('__proto__', 0, 1), 8))),
      misalignedOffset: errorOf(() => decodeFrame(craft(reference('Float64Array', 4, 1), 16))),
      negativeOffset: errorOf(() => decodeFrame(craft(reference('Uint8Array', -8, 1), 8))),
      fractionalLength: errorOf(() => decodeFrame(craft(reference('Uint8Array', 0, 1.5), 8))),
      notJson: errorOf(() => decodeFrame(craft('{"x":', 0))),
      notUtf8: errorOf(() => decodeFrame(craft('"\xff"', 0).map((byte, index) => (index === 9 ? 0xff : byte)))),
    };
    const plain = (message: string): { type: string; message: string } => ({ type: 'Error', message });
    const broken = plain('The frame has a typed array with a broken offset or length.');
    const unknown = plain('The frame names a typed array Labwire does not know.');
    assert.deepStrictEqual(outcomes, {
      empty: plain('The frame is too short to be a Labwire frame.'),
      short: plain('The frame is too short to be a Labwire frame.'),
      badMagic: plain('The message is not a Labwire frame.'),
      headerOverrun: plain('The frame header runs past the end of the message.'),
      typedArrayOverrun: plain('A typed array runs past the end of the frame.'),
      hugeLength: plain('A typed array runs past the end of the frame.'),
      unknownType: unknown,
      inheritedName: unknown,
      prototypeName: unknown,
      misalignedOffset: broken,
      negativeOffset: broken,
      fractionalLength: broken,
      notJson: plain('The frame header is not valid JSON: Unexpected end of JSON input'),
      notUtf8: plain('The frame header is not valid UTF-8.'),
    });
  });

  test('the encoder refuses views it cannot carry, with a plain Error', () => {
    assert.deepStrictEqual(
      [
        errorOf(() => encodeFrame({ view: new DataView(new ArrayBuffer(4)) })),
        errorOf(() => encodeFrame({ big: new BigInt64Array(1) })),
        errorOf(() => encodeFrame(undefined)),
      ],
      [
        { type: 'Error', message: 'A frame cannot carry a DataView.' },
        { type: 'Error', message: 'A frame cannot carry a BigInt64Array.' },
        { type: 'Error', message: 'A frame must be a JSON value.' },
      ],
    );
  });
});

describe('encodeBusMessage', () => {
  test('events skip the typed-array replacer; feed frames (as columns), plot frames and responses carry typed arrays; all read back the same', () => {
    const feed: BusToHostMessage = { kind: 'frame', frame: feedFrame() };
    const event: BusToHostMessage = { kind: 'event', event: { type: 'localRedis:status', status: { state: 'stopped' } } };
    const plot: BusToHostMessage = { kind: 'frame', frame: plotFrame() };
    const response: BusToHostMessage = { kind: 'response', id: 3, result: { ok: true, value: plotFrame() } };
    assert.deepStrictEqual(
      {
        carries: [feed, event, plot, response].map(mayCarryTypedArrays),
        feed: decodeBusMessage(encodeBusMessage(feed)),
        event: decodeBusMessage(encodeBusMessage(event)),
        plot: decodeBusMessage(encodeBusMessage(plot)),
        response: decodeBusMessage(encodeBusMessage(response)),
      },
      { carries: [true, false, true, true], feed, event, plot, response },
    );
  });
});
