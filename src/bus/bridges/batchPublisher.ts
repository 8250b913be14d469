/**
 * Publishes a batch of records in one command: a short Lua script that runs
 * PUBLISH for each (channel, payload) pair, so ioredis builds one command per
 * batch instead of one per record. Motivation: on a pty into Redis
 * (`bridge-serial`), one PUBLISH per record reached 15,000-22,000 records/s
 * (a pipeline of PUBLISHes no better: ioredis's per-command work dominated);
 * one EVAL per batch 46,000-73,000.
 *
 * Records of one channel in a row (a board's telemetry) go as a run: the
 * channel once, then its payloads, so each record costs Redis and ioredis
 * its payload alone. Motivation: the channel was ~30 of each record's ~230
 * bytes on the wire and half of ioredis's arguments (`bridge-serial`).
 * Batches whose channels change from record to record keep the pairs.
 *
 * The EVAL's bytes are written by batchEncoding.ts into a reused buffer and
 * sent as they are on the profile's command connection.
 *
 * A record Redis refuses inside the script (an ACL user who may not publish
 * to its channel) is answered as refused; the others are published once.
 *
 * A server that refuses the script (an ACL user without EVAL, a replica that
 * refuses scripts) gets a pipeline of PUBLISHes from then on; the refused
 * batch is sent that way, since a refused EVAL ran nothing. A batch takes the
 * server less than a millisecond, so other clients barely wait on it.
 */
import type { Redis } from 'ioredis';
import { fail, ok, type Result } from '../../shared/result';
import { BatchBufferPool, EncodedCommand, encodePublishBatch } from './batchEncoding';
import { publishedBytesOf, type WaitingRecord } from './publishBuffer';

export class BatchPublisher {
  private isScriptRefused = false;
  private readonly buffers = new BatchBufferPool();

  /** One answer per record, or one failure for the whole batch. Never rejects. */
  async publish(client: Redis | undefined, records: readonly WaitingRecord[]): Promise<Result<Array<Result<number>>>> {
    if (!client) return fail('NOT_CONNECTED', 'Labwire is not connected to this server.');
    if (!this.isScriptRefused) {
      let encoded: ReturnType<typeof encodePublishBatch>;
      try {
        encoded = encodePublishBatch(records, this.buffers);
      } catch (error) {
        // A bug guard: the encoder checks the length it wrote against the length it counted.
        return fail('INTERNAL', 'The batch could not be written out for Redis.', { detail: describe(error) });
      }
      try {
        const refused = await client.sendCommand(new EncodedCommand(encoded.bytes));
        this.buffers.give(encoded.buffer);
        return ok(answersOf(records.length, refused));
      } catch (error) {
        // Without an answer the socket may still hold the bytes: that buffer is never reused.
        if (!isServerRefusal(error)) return fail('CONNECTION_LOST', describe(error));
        this.buffers.give(encoded.buffer);
        this.isScriptRefused = true;
      }
    }
    return publishPipelined(client, records);
  }
}

/** One answer per record from the script's (record number, error) pairs: the records it does not name were published. */
function answersOf(count: number, refused: unknown): Array<Result<number>> {
  const answers: Array<Result<number>> = new Array<Result<number>>(count).fill(ok(1));
  if (!Array.isArray(refused)) return answers;
  for (let index = 0; index + 1 < refused.length; index += 2) {
    const recordNumber = Number(refused[index]);
    if (recordNumber >= 1 && recordNumber <= count) answers[recordNumber - 1] = fail('NOPERM', String(refused[index + 1]));
  }
  return answers;
}

async function publishPipelined(client: Redis, records: readonly WaitingRecord[]): Promise<Result<Array<Result<number>>>> {
  const pipeline = client.pipeline();
  for (const record of records) pipeline.publish(record.channel, publishedBytesOf(record));
  try {
    const answers = (await pipeline.exec()) ?? [];
    return ok(answers.map(([error, receivers]) => (error ? fail('NOPERM', error.message) : ok(Number(receivers)))));
  } catch (error) {
    return fail('CONNECTION_LOST', describe(error));
  }
}

/** The server answered with an error (NOPERM, READONLY, NOSCRIPT ...), as opposed to a lost connection or a timeout. */
function isServerRefusal(error: unknown): boolean {
  return error instanceof Error && error.name === 'ReplyError';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
