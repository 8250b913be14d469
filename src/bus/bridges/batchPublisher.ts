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
 * A server that refuses the script (an ACL user without EVAL, a replica that
 * refuses scripts) gets a pipeline of PUBLISHes from then on; the refused
 * batch is sent that way, since a refused EVAL ran nothing. A batch takes the
 * server less than a millisecond, so other clients barely wait on it.
 */
import type { Redis } from 'ioredis';
import { fail, ok, type Result } from '../../shared/result';
import type { WaitingRecord } from './publishBuffer';

const PUBLISH_EACH_SCRIPT = "for i = 1, #ARGV, 2 do redis.call('PUBLISH', ARGV[i], ARGV[i + 1]) end return #ARGV / 2";
/** ARGV is runs of (channel, count, payload × count). */
const PUBLISH_RUNS_SCRIPT =
  "local i, n = 1, 0 while i <= #ARGV do local channel, count = ARGV[i], tonumber(ARGV[i + 1]) for j = i + 2, i + 1 + count do redis.call('PUBLISH', channel, ARGV[j]) end n = n + count i = i + 2 + count end return n";

export class BatchPublisher {
  private isScriptRefused = false;

  /** One answer per record, or one failure for the whole batch. Never rejects. */
  async publish(client: Redis | undefined, records: readonly WaitingRecord[]): Promise<Result<Array<Result<number>>>> {
    if (!client) return fail('NOT_CONNECTED', 'Labwire is not connected to this server.');
    if (!this.isScriptRefused) {
      const runs = channelRuns(records);
      try {
        if (runs === null) await client.eval(PUBLISH_EACH_SCRIPT, 0, ...pairArguments(records));
        else await client.eval(PUBLISH_RUNS_SCRIPT, 0, ...runs);
        return ok(records.map(() => ok(1)));
      } catch (error) {
        if (!isServerRefusal(error)) return fail('CONNECTION_LOST', describe(error));
        this.isScriptRefused = true;
      }
    }
    return publishPipelined(client, records);
  }
}

function pairArguments(records: readonly WaitingRecord[]): Array<string | Buffer> {
  const args: Array<string | Buffer> = [];
  for (const record of records) args.push(record.channel, record.payload);
  return args;
}

/** The runs script's arguments, or null when runs would not be shorter than pairs (channels that change with most records). */
export function channelRuns(records: readonly WaitingRecord[]): Array<string | Buffer> | null {
  if (records.length === 0) return null;
  let runCount = 0;
  for (let index = 0; index < records.length; index++) if (index === 0 || records[index]!.channel !== records[index - 1]!.channel) runCount++;
  if (runCount * 2 > records.length) return null;
  const args: Array<string | Buffer> = [];
  let countAt = -1;
  let runLength = 0;
  for (let index = 0; index < records.length; index++) {
    const record = records[index]!;
    if (index === 0 || record.channel !== records[index - 1]!.channel) {
      if (countAt >= 0) args[countAt] = String(runLength);
      args.push(record.channel, '');
      countAt = args.length - 1;
      runLength = 0;
    }
    args.push(record.payload);
    runLength++;
  }
  args[countAt] = String(runLength);
  return args;
}

async function publishPipelined(client: Redis, records: readonly WaitingRecord[]): Promise<Result<Array<Result<number>>>> {
  const pipeline = client.pipeline();
  for (const record of records) pipeline.publish(record.channel, record.payload);
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
