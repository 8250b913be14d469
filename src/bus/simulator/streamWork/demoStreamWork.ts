/**
 * The demo's stream work, so the Streams screens have something to show:
 * a producer adds task requests to `lab:tasks` (the lab's envelope spread
 * over fields), two workers of group `consumers:task_request` read and ack
 * them, except poison entries, which they leave pending and claim from each
 * other; after MAX_DELIVERIES deliveries a poison entry is moved to
 * `lab:tasks:dlq` with the same move script operators use. One stalled
 * consumer reads a few entries at start and never acks them.
 *
 * Non-blocking reads only: it shares the profile's command client, of any
 * topology (on a Cluster the client routes each command to its key's slot).
 * On a Cluster the move script's keys (stream, dead letters, replay ledger)
 * must share a slot, and `lab:tasks` and `lab:tasks:dlq` do not: there the
 * demo names them `{lab:tasks}` and `{lab:tasks}:dlq` (DEMO_CLUSTER_KEYS).
 * Bounded: MAXLEN on the stream and on the dead-letter stream.
 */
import type { LabwireClient } from '../../connections/connectClient';
import { moveToDeadLetters } from '../../streams/deadLetters/deadLetterScripts';
import { createSeededRandom, type RandomSource } from '../seededRandom';

export const DEMO_TASK_STREAM = 'lab:tasks';
export const DEMO_TASK_GROUP = 'consumers:task_request';
export const DEMO_DEAD_LETTERS = 'lab:tasks:dlq';
/** The stream and its dead letters. */
export interface DemoStreamKeys {
  stream: string;
  deadLetters: string;
}
export const DEMO_STANDALONE_KEYS: DemoStreamKeys = { stream: DEMO_TASK_STREAM, deadLetters: DEMO_DEAD_LETTERS };
/** One hash tag, so the dead-letter scripts (which touch the stream, the dead letters and the ledger) run on a Cluster. */
export const DEMO_CLUSTER_KEYS: DemoStreamKeys = { stream: `{${DEMO_TASK_STREAM}}`, deadLetters: `{${DEMO_TASK_STREAM}}:dlq` };
export const DEMO_STALLED_CONSUMER = 'worker-stalled';
const WORKERS = ['worker-1', 'worker-2'] as const;

const TICK_MS = 500;
/** Deliveries after which a poison entry goes to the dead letters. */
export const MAX_DELIVERIES = 3;
/** Pending this long on a worker, an entry is retried by the other worker. */
const RETRY_IDLE_MS = 800;
const STREAM_MAXLEN = 5_000;
const DEAD_LETTER_MAXLEN = 1_000;
/** One task in this many is poison. */
const POISON_ONE_IN = 6;
const STALLED_READ_COUNT = 4;

type StreamReply = Array<[string, Array<[string, string[]]>]> | null;
type PendingRow = [string, string, number, number];

export class DemoStreamWork {
  private timer: NodeJS.Timeout | null = null;
  private isBusy = false;
  private sequence = 0;
  private readonly random: RandomSource;
  /** The last failure, for diagnostics; the work goes on at the next tick. */
  lastProblem: string | null = null;

  constructor(
    private readonly clientOf: () => LabwireClient | undefined,
    seed = Date.now(),
    private readonly keys: DemoStreamKeys = DEMO_STANDALONE_KEYS,
  ) {
    this.random = createSeededRandom(seed);
  }

  get isRunning(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer) return;
    let isPrepared = false;
    this.timer = setInterval(() => {
      const client = this.clientOf();
      if (this.isBusy || !client || client.status !== 'ready') return;
      this.isBusy = true;
      const step = isPrepared ? this.tick(client) : this.prepare(client).then(() => void (isPrepared = true));
      step
        .catch((error: unknown) => {
          this.lastProblem = error instanceof Error ? error.message : String(error);
          // A failover that lost the group's creation (or a FLUSHALL) leaves NOGROUP: create it again.
          if (/NOGROUP/.test(this.lastProblem)) isPrepared = false;
        })
        .finally(() => {
          this.isBusy = false;
        });
    }, TICK_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The group, and the stalled consumer's never-acked entries (kept from an earlier run if it has some). */
  private async prepare(client: LabwireClient): Promise<void> {
    await client.xgroup('CREATE', this.keys.stream, DEMO_TASK_GROUP, '$', 'MKSTREAM').catch((error: Error) => {
      if (!/BUSYGROUP/.test(error.message)) throw error;
    });
    const stalled = (await client.xpending(this.keys.stream, DEMO_TASK_GROUP, '-', '+', 1, DEMO_STALLED_CONSUMER)) as PendingRow[];
    if (stalled.length > 0) return;
    for (let index = 0; index < STALLED_READ_COUNT; index++) await this.produce(client, false);
    await client.xreadgroup('GROUP', DEMO_TASK_GROUP, DEMO_STALLED_CONSUMER, 'COUNT', STALLED_READ_COUNT, 'STREAMS', this.keys.stream, '>');
  }

  private async tick(client: LabwireClient): Promise<void> {
    await this.produce(client, this.random() * POISON_ONE_IN < 1);
    for (const worker of WORKERS) await this.work(client, worker);
    for (const [index, worker] of WORKERS.entries()) await this.retry(client, worker, WORKERS[(index + 1) % WORKERS.length]!);
  }

  private async produce(client: LabwireClient, isPoison: boolean): Promise<void> {
    this.sequence++;
    const id = `task-${Date.now().toString(36)}-${this.sequence}`;
    const payload = isPoison ? '{"sample": "S-17", "steps": [' : JSON.stringify({ sample: `S-${this.sequence % 40}`, steps: ['centrifuge', 'read'], volumeUl: 20 + (this.sequence % 5) * 10 });
    await client.xadd(this.keys.stream, 'MAXLEN', '~', STREAM_MAXLEN, '*',
      'id', id, 'from', 'scheduler', 'to', 'broadcast', 'type', 'task_request', 'payload', payload,
      'timestamp', new Date().toISOString(), 'priority', isPoison ? 'high' : 'normal', 'ttl', '300', 'correlation_id', `corr-${this.sequence}`);
  }

  /** Reads new entries and acks all but the poison ones (their payload is not JSON: the worker "crashes" on them). */
  private async work(client: LabwireClient, worker: string): Promise<void> {
    const reply = (await client.xreadgroup('GROUP', DEMO_TASK_GROUP, worker, 'COUNT', 20, 'STREAMS', this.keys.stream, '>')) as StreamReply;
    const good = (reply?.[0]?.[1] ?? []).filter(([, fields]) => !isPoison(fields)).map(([id]) => id);
    if (good.length > 0) await client.xack(this.keys.stream, DEMO_TASK_GROUP, ...good);
  }

  /** `worker`'s idle entries: to the dead letters after MAX_DELIVERIES, else claimed by `other` (one more delivery), which fails again. */
  private async retry(client: LabwireClient, worker: string, other: string): Promise<void> {
    const idle = (await client.xpending(this.keys.stream, DEMO_TASK_GROUP, 'IDLE', RETRY_IDLE_MS, '-', '+', 20, worker)) as PendingRow[];
    for (const [id, , , deliveries] of idle) {
      if (deliveries >= MAX_DELIVERIES) {
        await moveToDeadLetters(client, {
          origin: this.keys.stream,
          dlqKey: this.keys.deadLetters,
          group: DEMO_TASK_GROUP,
          id,
          reason: `payload is not valid JSON (failed ${deliveries} times)`,
          maxLen: DEAD_LETTER_MAXLEN,
        });
      } else {
        await client.xclaim(this.keys.stream, DEMO_TASK_GROUP, other, RETRY_IDLE_MS, id);
      }
    }
  }
}

function isPoison(fields: string[]): boolean {
  const at = fields.indexOf('payload');
  if (at < 0 || at % 2 !== 0) return false;
  try {
    JSON.parse(fields[at + 1] ?? '');
    return false;
  } catch {
    return true;
  }
}
