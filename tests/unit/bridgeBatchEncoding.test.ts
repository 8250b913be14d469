/**
 * The batch EVAL's RESP bytes, written by batchEncoding.ts, against the
 * bytes ioredis itself writes for the same EVAL and arguments: odd channel
 * names (spaces, CR LF, non-ASCII), binary and empty payloads, enveloped
 * records (head + the record's own JSON + `}`), runs and pairs, and buffers
 * taken again from the pool.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command } from 'ioredis';
import { BatchBufferPool, encodePublishBatch, isShorterAsRuns, PUBLISH_EACH_SCRIPT, PUBLISH_RUNS_SCRIPT } from '../../src/bus/bridges/batchEncoding';
import { PublishBuffer, publishedBytesOf, type WaitingRecord } from '../../src/bus/bridges/publishBuffer';

/** What ioredis sends for client.eval(script, 0, ...args) with the published bytes as arguments. */
function ioredisBytes(records: readonly WaitingRecord[]): Buffer {
  const args: Array<string | Buffer> = [];
  if (isShorterAsRuns(records)) {
    for (let index = 0; index < records.length; ) {
      let end = index + 1;
      while (end < records.length && records[end]!.channel === records[index]!.channel) end++;
      args.push(records[index]!.channel, String(end - index));
      for (; index < end; index++) args.push(publishedBytesOf(records[index]!));
    }
    return Buffer.from(new Command('eval', [PUBLISH_RUNS_SCRIPT, '0', ...args]).toWritable({}) as Buffer);
  }
  for (const record of records) args.push(record.channel, publishedBytesOf(record));
  return Buffer.from(new Command('eval', [PUBLISH_EACH_SCRIPT, '0', ...args]).toWritable({}) as Buffer);
}

const ODD_CHANNELS = ['devices:board 1:telemetry', 'line\r\nbreak', 'température:°C', 'emoji:🧫', 'x'];
const HEAD = Buffer.from('{"channel":"devices:inc-1","source":"Incubator board","timestamp":"2026-12-03T12:00:00.000Z","data":');

function oddRecords(count: number, channelOf: (index: number) => string): WaitingRecord[] {
  return Array.from({ length: count }, (_, index): WaitingRecord => {
    const channel = channelOf(index);
    switch (index % 4) {
      case 0:
        return { channel, payload: Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x24, index & 0xff]) };
      case 1:
        return { channel, payload: Buffer.alloc(0) };
      case 2:
        // A view inside a larger chunk, as the framer hands records on.
        return { channel, payload: Buffer.from(`xx{"seq":${index},"t":22.5}yy`).subarray(2, -2), envelopeHead: HEAD };
      default:
        return { channel, payload: Buffer.from('é'.repeat(index)) };
    }
  });
}

test('pairs: every channel and payload as ioredis writes them', () => {
  const records = oddRecords(40, (index) => ODD_CHANNELS[index % ODD_CHANNELS.length]!);
  assert.equal(isShorterAsRuns(records), false);
  assert.deepEqual(encodePublishBatch(records, new BatchBufferPool()).bytes, ioredisBytes(records));
});

test('runs: one channel for many records, counts of 1 to 3 digits, as ioredis writes them', () => {
  // Runs of 1, 9, 10, 130 records on changing odd channels.
  const runs = [1, 9, 10, 130];
  const channelOf = (index: number): string => {
    let end = 0;
    for (let run = 0; run < runs.length; run++) if (index < (end += runs[run]!)) return ODD_CHANNELS[run % ODD_CHANNELS.length]!;
    return 'rest';
  };
  const records = oddRecords(150, channelOf);
  assert.equal(isShorterAsRuns(records), true);
  assert.deepEqual(encodePublishBatch(records, new BatchBufferPool()).bytes, ioredisBytes(records));
});

test('a reused buffer holds only the new batch, shorter or longer than the last', () => {
  const pool = new BatchBufferPool();
  for (const count of [300, 7, 1, 520, 2]) {
    const records = oddRecords(count, (index) => (index % 50 === 0 ? 'devices:a' : 'devices:b'));
    const encoded = encodePublishBatch(records, pool);
    assert.deepEqual(encoded.bytes, ioredisBytes(records), `batch of ${count}`);
    pool.give(encoded.buffer);
  }
});

test('records that wait get bytes of their own: the chunk they were read in can change or go', () => {
  const buffer = new PublishBuffer({ maxCount: 10, maxBytes: 1024 * 1024 });
  const chunk = Buffer.from('{"a":1}\n{"b":2}\n');
  buffer.push({ channel: 'c', payload: chunk.subarray(0, 7), envelopeHead: HEAD });
  buffer.push({ channel: 'c', payload: chunk.subarray(8, 15), envelopeHead: HEAD });
  buffer.ownNewest(2);
  chunk.fill(0x20);
  const waiting = [buffer.shift()!, buffer.shift()!].map((record) => publishedBytesOf(record).toString());
  assert.deepEqual(waiting, [`${HEAD.toString()}{"a":1}}`, `${HEAD.toString()}{"b":2}}`]);
});
