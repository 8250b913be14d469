/** The reply guard's scanner: real RESP2 passes in any chunking; what is not RESP2, or over a limit, is named. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_NESTING_DEPTH, MAX_REPLY_BYTES, ReplyScanner } from '../../src/bus/connections/replyScanner';

const REAL_REPLIES = [
  '+OK\r\n',
  '-WRONGPASS invalid username-password pair or user is disabled.\r\n',
  ':1024\r\n',
  '$-1\r\n',
  '*-1\r\n',
  '*0\r\n',
  '$0\r\n\r\n',
  '$5\r\nhe\r\nl\r\n',
  '*3\r\n$7\r\nmessage\r\n$9\r\nlab/alpha\r\n$12\r\n{"value":42}\r\n',
  '*4\r\n$8\r\npmessage\r\n$5\r\nlab/*\r\n$9\r\nlab/alpha\r\n$2\r\nhi\r\n',
  '*2\r\n$4\r\nkey1\r\n*1\r\n*2\r\n$3\r\n1-0\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n',
].join('');

/** Feeds the text in pieces of `size` bytes and returns the first problem. */
function scanInPieces(text: string | Buffer, size: number): string | null {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'latin1') : text;
  const scanner = new ReplyScanner();
  let problem: string | null = null;
  for (let offset = 0; offset < bytes.length && problem === null; offset += size) problem = scanner.scan(bytes.subarray(offset, offset + size));
  return problem;
}

describe('reply scanner', () => {
  test('real replies pass whole, byte by byte and in odd pieces', () => {
    assert.deepStrictEqual([1, 2, 7, REAL_REPLIES.length].map((size) => scanInPieces(REAL_REPLIES, size)), [null, null, null, null]);
  });

  test('a payload that looks like RESP inside a bulk string is skipped, not read', () => {
    const inner = '%1\r\n*99999999999\r\n';
    assert.equal(scanInPieces(`$${inner.length}\r\n${inner}\r\n+OK\r\n`, 3), null);
  });

  test('what is not RESP2 or over a limit is named in plain words', () => {
    const deep = `${'*1\r\n'.repeat(MAX_NESTING_DEPTH + 1)}:1\r\n`;
    const problems = {
      resp3Map: scanInPieces('%1\r\n+a\r\n+b\r\n', 5),
      noise: scanInPieces(Buffer.from([0x16, 0x03, 0x01]), 5),
      hugeText: scanInPieces(`$${4 * 1024 ** 3}\r\n`, 5),
      hugeList: scanInPieces(`*${MAX_REPLY_BYTES}\r\n`, 5),
      deep: scanInPieces(deep, 64),
      notANumber: scanInPieces('$12a\r\n', 5),
      negative: scanInPieces('$-2\r\n', 5),
      tooManyDigits: scanInPieces(`$${'9'.repeat(20)}\r\n`, 5),
      afterFirstReply: scanInPieces('+OK\r\nHTTP/1.1 400 Bad Request\r\n', 5),
    };
    assert.deepStrictEqual(problems, {
      resp3Map: 'a reply that starts with "%"',
      noise: 'a reply that starts with byte 0x16',
      hugeText: 'a text of 4096 MiB, more than the 64 MiB Labwire accepts in one reply',
      hugeList: `a list of ${MAX_REPLY_BYTES} items, more than fit in the 64 MiB Labwire accepts in one reply`,
      deep: 'lists nested more than 64 deep',
      notANumber: 'a length that is not a number',
      negative: 'a negative length',
      tooManyDigits: 'a length that is not a number',
      afterFirstReply: 'a reply that starts with "H"',
    });
  });

  test('nesting exactly at the limit passes', () => {
    assert.equal(scanInPieces(`${'*1\r\n'.repeat(MAX_NESTING_DEPTH)}:1\r\n`, 64), null);
  });

  test('a reply that grows past the byte limit without declaring it (a status line that never ends) is stopped', () => {
    const scanner = new ReplyScanner();
    const piece = Buffer.alloc(1024 * 1024, 0x61);
    let problem = scanner.scan(Buffer.from('+'));
    for (let count = 0; count <= MAX_REPLY_BYTES / piece.length && problem === null; count++) problem = scanner.scan(piece);
    assert.equal(problem, 'a reply of more than 64 MiB, more than Labwire accepts');
  });
});
