/**
 * The RESP bytes of one EVAL that publishes a batch, written straight into
 * one buffer: the script's prefix once, then each channel and payload as a
 * bulk string, the envelope's head, the record's own JSON text and its `}`
 * copied in place. ioredis sends the bytes as they are (EncodedCommand), on
 * the profile's own connection, so its TLS, ACL user and reply guard apply
 * as to every command.
 *
 * Motivation: building the EVAL as an ioredis command took, per record, an
 * envelope Buffer and its copy, an argument, and ioredis's copy of all of
 * them into one buffer (`Command`, `toWritable`, `MixedBuffers`: about a
 * fifth of the bridge's time in a `bridge-serial` cpu profile).
 */
import { Command } from 'ioredis';
import { publishedLengthOf, writePublishedBytes, type WaitingRecord } from './publishBuffer';

/*
 * Each PUBLISH runs through pcall, and the script answers the records Redis
 * refused as (record number from 1, error) pairs, flat. Motivation: with
 * redis.call, a refusal (an ACL user who may not publish to one channel)
 * ended the script after the records before it were published; the batch
 * then failed whole and went again as a pipeline, publishing those twice.
 */
/** ARGV is (channel, payload) pairs. */
export const PUBLISH_EACH_SCRIPT =
  "local refused = {} for i = 1, #ARGV, 2 do local answer = redis.pcall('PUBLISH', ARGV[i], ARGV[i + 1]) if type(answer) == 'table' and answer.err then refused[#refused + 1] = (i + 1) / 2 refused[#refused + 1] = answer.err end end return refused";
/** ARGV is runs of (channel, count, payload × count). */
export const PUBLISH_RUNS_SCRIPT =
  "local refused, i, n = {}, 1, 0 while i <= #ARGV do local channel, count = ARGV[i], tonumber(ARGV[i + 1]) for j = i + 2, i + 1 + count do n = n + 1 local answer = redis.pcall('PUBLISH', channel, ARGV[j]) if type(answer) == 'table' and answer.err then refused[#refused + 1] = n refused[#refused + 1] = answer.err end end i = i + 2 + count end return refused";

const CR = 0x0d;
const LF = 0x0a;
const DOLLAR = 0x24;
const STAR = 0x2a;

/** An EVAL whose RESP bytes were written by encodePublishBatch; ioredis queues it for its one reply like any command. */
export class EncodedCommand extends Command {
  constructor(private readonly bytes: Buffer) {
    super('eval', [], { replyEncoding: 'utf8' });
  }

  override toWritable(): Buffer {
    return this.bytes;
  }
}

/** Whether the batch goes shorter as runs of one channel (a board's telemetry) than as pairs (channels that change with most records). */
export function isShorterAsRuns(records: readonly WaitingRecord[]): boolean {
  return records.length > 0 && runCountOf(records) * 2 <= records.length;
}

function runCountOf(records: readonly WaitingRecord[]): number {
  let runs = 0;
  for (let index = 0; index < records.length; index++) if (index === 0 || records[index]!.channel !== records[index - 1]!.channel) runs++;
  return runs;
}

/**
 * Reuses a few batch buffers. A buffer comes back only after Redis answered
 * its batch: then the socket has sent every byte of it, and nothing else
 * holds it. Buffers past MAX_POOLED_BYTES are left to the collector.
 */
export class BatchBufferPool {
  private static readonly MAX_POOLED_BYTES = 2 * 1024 * 1024;
  private static readonly MAX_POOLED_BUFFERS = 4;
  private readonly free: Buffer[] = [];

  take(length: number): Buffer {
    for (let index = this.free.length - 1; index >= 0; index--) {
      const buffer = this.free[index]!;
      if (buffer.length >= length) {
        this.free.splice(index, 1);
        return buffer;
      }
    }
    // Room to grow, so slightly longer batches reuse it; allocUnsafe is fine: every byte sent is written first.
    return Buffer.allocUnsafe(Math.max(length, Math.min(length * 2, BatchBufferPool.MAX_POOLED_BYTES), 16 * 1024));
  }

  give(buffer: Buffer): void {
    if (buffer.length <= BatchBufferPool.MAX_POOLED_BYTES && this.free.length < BatchBufferPool.MAX_POOLED_BUFFERS) this.free.push(buffer);
  }
}

/** The batch's EVAL as RESP in `pool`'s buffer: `bytes` to send, `buffer` to give back once answered. */
export function encodePublishBatch(records: readonly WaitingRecord[], pool: BatchBufferPool): { bytes: Buffer; buffer: Buffer } {
  const asRuns = isShorterAsRuns(records);
  const prefix = evalPrefixOf(asRuns ? PUBLISH_RUNS_SCRIPT : PUBLISH_EACH_SCRIPT);
  let argumentCount = 0;
  let length = 0;
  let runLength = 0;
  for (let index = 0; index < records.length; index++) {
    const record = records[index]!;
    const isNewRun = !asRuns || index === 0 || record.channel !== records[index - 1]!.channel;
    if (isNewRun) {
      length += bulkLength(Buffer.byteLength(record.channel));
      argumentCount++;
      if (asRuns) {
        if (index > 0) length += bulkLength(decimalLength(runLength));
        argumentCount++;
        runLength = 0;
      }
    }
    length += bulkLength(publishedLengthOf(record));
    argumentCount++;
    runLength++;
  }
  if (asRuns && records.length > 0) length += bulkLength(decimalLength(runLength));
  const countField = 3 + argumentCount;
  length += 1 + decimalLength(countField) + 2 + prefix.length;

  const buffer = pool.take(length);
  let offset = 0;
  buffer[offset++] = STAR;
  offset = writeDecimal(buffer, offset, countField);
  buffer[offset++] = CR;
  buffer[offset++] = LF;
  offset += prefix.copy(buffer, offset);
  for (let index = 0; index < records.length; ) {
    const record = records[index]!;
    offset = writeBulkText(buffer, offset, record.channel);
    if (!asRuns) {
      offset = writeBulkRecord(buffer, offset, record);
      index++;
      continue;
    }
    let end = index + 1;
    while (end < records.length && records[end]!.channel === record.channel) end++;
    offset = writeBulkDecimal(buffer, offset, end - index);
    for (; index < end; index++) offset = writeBulkRecord(buffer, offset, records[index]!);
  }
  if (offset !== length) throw new Error(`batch encoding wrote ${offset} bytes where it counted ${length}`);
  return { bytes: buffer.subarray(0, length), buffer };
}

const evalPrefixes = new Map<string, Buffer>();

/** `EVAL <script> 0` after the array's count: the same for every batch of a script. */
function evalPrefixOf(script: string): Buffer {
  let prefix = evalPrefixes.get(script);
  if (!prefix) {
    prefix = Buffer.from(`$4\r\neval\r\n$${Buffer.byteLength(script)}\r\n${script}\r\n$1\r\n0\r\n`, 'utf8');
    evalPrefixes.set(script, prefix);
  }
  return prefix;
}

function bulkLength(byteLength: number): number {
  return 1 + decimalLength(byteLength) + 2 + byteLength + 2;
}

function decimalLength(value: number): number {
  let digits = 1;
  for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  return digits;
}

function writeDecimal(target: Buffer, offset: number, value: number): number {
  const end = offset + decimalLength(value);
  let rest = value;
  for (let at = end - 1; at >= offset; at--) {
    target[at] = 0x30 + (rest % 10);
    rest = Math.floor(rest / 10);
  }
  return end;
}

function writeBulkHeader(target: Buffer, offset: number, byteLength: number): number {
  target[offset++] = DOLLAR;
  offset = writeDecimal(target, offset, byteLength);
  target[offset++] = CR;
  target[offset++] = LF;
  return offset;
}

function writeBulkText(target: Buffer, offset: number, text: string): number {
  offset = writeBulkHeader(target, offset, Buffer.byteLength(text));
  offset += target.write(text, offset, 'utf8');
  target[offset++] = CR;
  target[offset++] = LF;
  return offset;
}

function writeBulkDecimal(target: Buffer, offset: number, value: number): number {
  offset = writeBulkHeader(target, offset, decimalLength(value));
  offset = writeDecimal(target, offset, value);
  target[offset++] = CR;
  target[offset++] = LF;
  return offset;
}

function writeBulkRecord(target: Buffer, offset: number, record: WaitingRecord): number {
  offset = writeBulkHeader(target, offset, publishedLengthOf(record));
  offset = writePublishedBytes(record, target, offset);
  target[offset++] = CR;
  target[offset++] = LF;
  return offset;
}
