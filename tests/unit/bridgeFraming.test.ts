import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import type { Framing } from '../../src/shared/bridges';
import { createFramer, framingProblem, MAX_RECORD_BYTES, type FrameOutput } from '../../src/bus/bridges/framing/framer';
import { valueOf } from '../support/waitUntil';

const AT = 1_000_000;

/** Records (as text) and rejection reasons from feeding `chunks` to a fresh framer. */
function feed(framing: Framing, chunks: Buffer[]): { records: string[]; rejected: string[]; pending: number } {
  const framer = createFramer(framing);
  const all: FrameOutput = { records: [], rejected: [] };
  for (const chunk of chunks) {
    const out = framer.push(chunk, AT);
    all.records.push(...out.records);
    all.rejected.push(...out.rejected);
  }
  return { records: all.records.map((record) => record.toString('latin1')), rejected: all.rejected.map((r) => r.reason), pending: framer.pendingBytes() };
}

/** Every way of cutting `stream` in two, and byte by byte, gives what one push gives. */
function assertSplitsAgree(framing: Framing, stream: Buffer): ReturnType<typeof feed> {
  const whole = feed(framing, [stream]);
  for (let at = 0; at <= stream.length; at++) {
    assert.deepEqual(feed(framing, [stream.subarray(0, at), stream.subarray(at)]), whole, `${framing.kind} split at ${at}`);
  }
  const byteByByte = feed(framing, [...stream].map((byte) => Buffer.of(byte)));
  assert.deepEqual(byteByByte, whole, `${framing.kind} byte by byte`);
  return whole;
}

const text = (value: string): Buffer => Buffer.from(value, 'latin1');

describe('bridge framing: lines and delimiters', () => {
  test('each line ending cuts the same stream its own way, whatever the chunk boundaries', () => {
    const stream = text('{"t":1}\r\n{"t":2}\n\n{"t":3}\r{"t":4}\r\n\r\nhalf');
    const cases: Record<string, Framing> = {
      lf: { kind: 'lines', ending: 'lf' },
      cr: { kind: 'lines', ending: 'cr' },
      crlf: { kind: 'lines', ending: 'crlf' },
      any: { kind: 'lines', ending: 'any' },
    };
    const results = Object.fromEntries(Object.entries(cases).map(([name, framing]) => [name, assertSplitsAgree(framing, stream)]));
    assert.deepEqual(results, {
      lf: { records: ['{"t":1}\r', '{"t":2}', '{"t":3}\r{"t":4}\r', '\r'], rejected: [], pending: 4 },
      cr: { records: ['{"t":1}', '\n{"t":2}\n\n{"t":3}', '{"t":4}', '\n'], rejected: [], pending: 5 },
      crlf: { records: ['{"t":1}', '{"t":2}\n\n{"t":3}\r{"t":4}'], rejected: [], pending: 4 },
      any: { records: ['{"t":1}', '{"t":2}', '{"t":3}', '{"t":4}'], rejected: [], pending: 4 },
    });
  });

  test('a multi-byte delimiter written with escapes is found across every chunk split', () => {
    const framing: Framing = { kind: 'delimiter', delimiter: '\\x00;\\r\\n' };
    const stream = Buffer.concat([text('a'), Buffer.of(0), text(';\r\nbb'), Buffer.of(0), text(';'), Buffer.of(0), text(';\r\n'), Buffer.of(0), text(';\r\n')]);
    assert.deepEqual(assertSplitsAgree(framing, stream), { records: ['a', 'bb\x00;'], rejected: [], pending: 0 });
  });

  test('delimiter text that cannot be read is refused in words', () => {
    const problems = ['', '\\', '\\x4', '\\q', 'x'.repeat(17)].map((delimiter) => framingProblem({ kind: 'delimiter', delimiter }));
    assert.deepEqual(problems, [
      'The delimiter "" is empty; type the bytes that end each record, such as ; or \\r\\n.',
      'The delimiter "\\" ends with a lone \\; write \\\\ for a backslash.',
      'The delimiter "\\x4" has \\x at character 1 without two hex digits after it (write \\x00 to \\xFF).',
      'The delimiter "\\q" has an unknown escape \\q at character 1; use \\n, \\r, \\t, \\\\ or \\xNN.',
      `The delimiter "${'x'.repeat(17)}" is 17 bytes; at most 16 are accepted.`,
    ]);
  });

  test('a line past the cap is dropped once, counted, and reading resumes at the next line', () => {
    const framer = createFramer({ kind: 'lines', ending: 'lf' });
    const chunk = Buffer.alloc(256 * 1024, 0x61);
    const rejected: { reason: string; bytes: number }[] = [];
    const records: string[] = [];
    for (let i = 0; i < 5; i++) rejected.push(...framer.push(chunk, AT).rejected);
    const tail = framer.push(text('still garbage\nok\n'), AT);
    records.push(...tail.records.map((r) => r.toString()));
    assert.deepEqual({ rejected, records, pending: framer.pendingBytes() }, {
      rejected: [{ reason: 'a line longer than 1 MiB without its line ending', bytes: 5 * 256 * 1024 }],
      records: ['ok'],
      pending: 0,
    });
  });

  test('a stream that never ends a line keeps counting: 5 MiB thrown away are 5 bad records, and at most the cap is held', () => {
    const framer = createFramer({ kind: 'lines', ending: 'any' });
    const chunk = Buffer.alloc(64 * 1024, 0x62);
    let rejectedCount = 0;
    let mostHeld = 0;
    for (let i = 0; i < 16 * 5; i++) {
      rejectedCount += framer.push(chunk, AT).rejected.length;
      mostHeld = Math.max(mostHeld, framer.pendingBytes());
    }
    assert.deepEqual({ rejectedCount, isHeldWithinCap: mostHeld <= MAX_RECORD_BYTES }, { rejectedCount: 5, isHeldWithinCap: true });
  });

  test('reset forgets a half record and says how much', () => {
    const framer = createFramer({ kind: 'lines', ending: 'crlf' });
    framer.push(text('one\r\ntwo and a ha'), AT);
    assert.deepEqual([framer.reset(), framer.pendingBytes(), framer.push(text('lf\r\nthree\r\n'), AT).records.map(String)], [12, 0, ['lf', 'three']]);
  });
});

describe('bridge framing: COBS and SLIP', () => {
  test('random records round-trip through encode and push, whatever the chunking', () => {
    for (const framing of [{ kind: 'cobs' }, { kind: 'slip' }] as Framing[]) {
      const framer = createFramer(framing);
      const sent = Array.from({ length: 200 }, (_, i) => {
        const record = randomBytes(1 + ((i * 37) % 700));
        // Runs of the bytes each framing must stuff, and the 254-byte COBS block boundary.
        if (i % 5 === 0) record.fill(0, 0, Math.min(record.length, 40));
        if (i % 7 === 0) record.fill(0xc0, 0, Math.min(record.length, 40));
        if (i % 11 === 0) record.fill(0xdb, 0, Math.min(record.length, 40));
        return i % 13 === 0 ? Buffer.alloc(254 + (i % 3), 7) : record;
      });
      const wire = Buffer.concat(sent.map((record) => valueOf(framer.encode(record))));
      const received: Buffer[] = [];
      for (let at = 0; at < wire.length; at += 97) received.push(...framer.push(wire.subarray(at, at + 97), AT).records);
      assert.deepEqual(received, sent, framing.kind);
    }
  });

  test('known encodings match the published examples', () => {
    const cobs = createFramer({ kind: 'cobs' });
    const slip = createFramer({ kind: 'slip' });
    assert.deepEqual(
      [valueOf(cobs.encode(Buffer.of(0x11, 0x22, 0x00, 0x33))), valueOf(cobs.encode(Buffer.of(0x00))), valueOf(slip.encode(Buffer.of(0x01, 0xc0, 0xdb, 0x02)))],
      [Buffer.of(0x03, 0x11, 0x22, 0x02, 0x33, 0x00), Buffer.of(0x01, 0x01, 0x00), Buffer.of(0xc0, 0x01, 0xdb, 0xdc, 0xdb, 0xdd, 0x02, 0xc0)],
    );
  });

  test('broken frames are rejected with why, and the next frame is read', () => {
    const cobs = feed({ kind: 'cobs' }, [Buffer.of(0x05, 0x11, 0x00, 0x02, 0x41, 0x00, 0x00)]);
    const slip = feed({ kind: 'slip' }, [Buffer.of(0x41, 0xdb, 0x01, 0xc0, 0x42, 0xdb, 0xc0, 0x43, 0xc0)]);
    assert.deepEqual([cobs, slip], [
      { records: ['A'], rejected: ['not a COBS frame: byte 0 announces 4 bytes but only 1 follow'], pending: 0 },
      {
        records: ['C'],
        rejected: ['not a SLIP frame: escape byte 0xDB at byte 1 is followed by 0x01, not 0xDC or 0xDD', 'not a SLIP frame: it ends with an escape byte (0xDB) at byte 1'],
        pending: 0,
      },
    ]);
  });

  test('good and broken frames are read the same whatever the chunk boundaries', () => {
    const cobs = assertSplitsAgree({ kind: 'cobs' }, Buffer.of(0x00, 0x03, 0x41, 0x42, 0x00, 0x09, 0x01, 0x00, 0x02, 0x43, 0x01, 0x00, 0x02));
    const slip = assertSplitsAgree({ kind: 'slip' }, Buffer.of(0xc0, 0x41, 0xdb, 0xdc, 0xc0, 0xdb, 0x00, 0xc0, 0x42, 0xdb, 0xdd, 0xc0, 0x43));
    assert.deepEqual([cobs, slip], [
      { records: ['AB', 'C\x00'], rejected: ['not a COBS frame: byte 0 announces 8 bytes but only 1 follow'], pending: 1 },
      { records: ['A\xC0', 'B\xDB'], rejected: ['not a SLIP frame: escape byte 0xDB at byte 0 is followed by 0x00, not 0xDC or 0xDD'], pending: 1 },
    ]);
  });

  test('garbage bytes never throw and never come out as more bytes than went in', () => {
    const framings: Framing[] = [
      { kind: 'cobs' },
      { kind: 'slip' },
      { kind: 'lines', ending: 'any' },
      { kind: 'delimiter', delimiter: '\\xC0\\xDB' },
      { kind: 'fixedLength', length: 13 },
    ];
    for (const framing of framings) {
      const framer = createFramer(framing);
      let bytesOut = 0;
      let bytesIn = 0;
      for (let i = 0; i < 200; i++) {
        const chunk = randomBytes(1 + (i % 300));
        bytesIn += chunk.length;
        for (const record of framer.push(chunk, AT).records) bytesOut += record.length;
      }
      assert.ok(bytesOut <= bytesIn, `${framing.kind}: ${bytesOut} out of ${bytesIn} in`);
    }
  });
});

describe('bridge framing: fixed length and silence', () => {
  test('fixed-length records come out whole across every split, and a wrong-length command is refused', () => {
    const framing: Framing = { kind: 'fixedLength', length: 4 };
    const result = assertSplitsAgree(framing, text('abcdefghij'));
    const framer = createFramer(framing);
    const wrong = framer.encode(text('abc'));
    assert.deepEqual([result, wrong.ok ? null : wrong.error.message, valueOf(framer.encode(text('wxyz'))).toString()], [
      { records: ['abcd', 'efgh'], rejected: [], pending: 2 },
      'The command is 3 bytes but this device takes records of exactly 4 bytes.',
      'wxyz',
    ]);
  });

  test('a pause of gapMs ends a burst, by the timer or by the next chunk', () => {
    const framer = createFramer({ kind: 'silence', gapMs: 50 });
    const seen: string[][] = [];
    const show = (out: FrameOutput): void => void seen.push(out.records.map(String));
    show(framer.push(text('burst '), 1000));
    show(framer.push(text('one'), 1040));
    show(framer.tick(1080));
    show(framer.tick(1090));
    show(framer.push(text('two'), 1100));
    show(framer.push(text('three'), 1200));
    assert.deepEqual([seen, framer.pendingBytes()], [[[], [], [], ['burst one'], [], ['two']], 5]);
  });
});

describe('bridge framing: commands', () => {
  test('each framing frames a command, and refuses one that would reach the device cut in two', () => {
    const encoded = (framing: Framing, command: string): string => {
      const result = createFramer(framing).encode(text(command));
      return result.ok ? JSON.stringify(result.value.toString('latin1')) : result.error.message;
    };
    assert.deepEqual(
      [
        encoded({ kind: 'lines', ending: 'crlf' }, 'LED ON\n'),
        encoded({ kind: 'lines', ending: 'any' }, 'LED ON'),
        encoded({ kind: 'lines', ending: 'cr' }, 'a\nb'),
        encoded({ kind: 'delimiter', delimiter: ';' }, 'a;b'),
        encoded({ kind: 'delimiter', delimiter: ';' }, 'ab'),
        encoded({ kind: 'silence', gapMs: 10 }, ''),
      ],
      [
        '"LED ON\\r\\n"',
        '"LED ON\\n"',
        'The command has a line break inside it, so the device would read it as two commands; send one line per command.',
        'The command contains the delimiter, so the device would read it as two records; remove it or choose COBS or SLIP framing.',
        '"ab;"',
        'The command is empty; there is nothing to send to the device.',
      ],
    );
  });
});

describe('bridge framing: an oversized record whose end is split across reads', () => {
  test('the end still ends it, so the next record is not lost with it', () => {
    const framer = createFramer({ kind: 'delimiter', delimiter: '\\r\\n' });
    const out = [framer.push(Buffer.alloc(MAX_RECORD_BYTES + 10, 0x61), AT), framer.push(text('aa\r'), AT), framer.push(text('\nok\r\n'), AT)];
    assert.deepEqual(
      out.map((o) => ({ records: o.records.map(String), rejected: o.rejected.length })),
      [{ records: [], rejected: 1 }, { records: [], rejected: 0 }, { records: ['ok'], rejected: 0 }],
    );
  });
});
