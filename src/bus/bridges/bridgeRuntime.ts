/**
 * One running bridge: a BridgeLink that moves bytes, a Framer that cuts them
 * into records (a chunk that is a whole record, a UDP datagram, skips it), a
 * RecordReader and toPublishedRecord that make each record the payload to
 * publish. Each record is counted, delivered to the bridge's lanes exactly
 * as it would be published, and published on the profile's connection
 * through a bounded buffer while Redis is away (oldest dropped, counted).
 * Commands from the command channel are framed and written once.
 *
 * The runtime is the same for every kind of link; the link's own states
 * (opening, reopening after an unplug) come through as status. A stopped
 * runtime keeps its counters for the status until the bridge starts again.
 */
import type { BridgeConfig, BridgeCounters, BridgeRunState, BridgeStatus } from '../../shared/bridges';
import { emptyBridgeCounters } from '../../shared/bridges';
import { toVisibleTextWithin } from '../../shared/displayText';
import type { Result } from '../../shared/result';
import type { SourceMessage } from '../sources/messageSource';
import type { BridgeLink, LinkChunk, LinkStatus } from './bridgeLink';
import { CommandWriter } from './commandWriter';
import { createFramer, type FrameOutput, type Framer } from './framing/framer';
import { DEFAULT_PUBLISH_BUFFER_CAPS, PublishBuffer, publishedBytesOf, publishedLengthOf, type PublishBufferCaps, type WaitingRecord } from './publishBuffer';
import { RecordRate } from './recordRate';
import { createRecordReader, toPublishedParts, type ReadRecord, type RecordReader } from './records/recordReader';
import { createSequenceGapCounter, type SequenceGapCounter } from '../decode/sequenceGaps';

/**
 * Records go to Redis in batches of up to PUBLISH_BATCH_RECORDS (one command
 * each: batchPublisher.ts), at most BATCHES_IN_FLIGHT waiting for their
 * answers; more wait in the buffer. One connection, so order holds.
 */
const PUBLISH_BATCH_RECORDS = 512;
/** A batch also ends past this many published bytes (a record larger than it goes alone), so a batch of large records stays one short command. */
const PUBLISH_BATCH_BYTES = 1024 * 1024;
const BATCHES_IN_FLIGHT = 4;
/** How often waiting records are retried for publishing and a silence framing is ticked. */
const PUMP_INTERVAL_MS = 100;
/** Records read within this long after a command was written are the device's reply (published to the reply channel when one is set). */
export const REPLY_WINDOW_MS = 500;
const MAX_PREVIEW_CHARS = 2048;

/** The profile's side of a bridge: where records go and where commands come from. */
export interface BridgeRuntimeHost {
  /** Whether records may be published now (the profile's connection is ready). */
  canPublish(): boolean;
  /** PUBLISHes the records in one pipeline; one answer per record, in order, or one failure for all (not connected). Never rejects. */
  publishBatch(records: readonly WaitingRecord[]): Promise<Result<Array<Result<number>>>>;
  /** Why nothing is published or written now, in words ("receive-only: the profile is read-only"); null to publish. */
  receiveOnlyReason(): string | null;
  /** Whether any lane or plot listens: records are only copied for them when one does. */
  hasLaneConsumers(): boolean;
  deliverToLanes(message: SourceMessage): void;
  /** Subscribes to the command channel; returns what unsubscribes. Each payload is the runtime's to keep. */
  subscribeCommands(channel: string, onCommand: (payload: Buffer) => void): () => void;
}

export interface BridgeRuntimeOptions {
  config: BridgeConfig;
  link: BridgeLink;
  host: BridgeRuntimeHost;
  bufferCaps?: PublishBufferCaps;
  now?: () => number;
}

export class BridgeRuntime {
  readonly config: BridgeConfig;
  private readonly link: BridgeLink;
  private readonly host: BridgeRuntimeHost;
  private readonly framer: Framer;
  private readonly reader: RecordReader;
  private readonly buffer: PublishBuffer;
  private readonly sequence: SequenceGapCounter | null;
  private readonly commands: CommandWriter;
  private readonly now: () => number;
  private readonly counters: BridgeCounters = emptyBridgeCounters();
  private readonly recordsInRate = new RecordRate();
  private readonly publishedRate = new RecordRate();
  private readonly bytesInRate = new RecordRate();
  private readonly stopListening: Array<() => void> = [];
  private linkStatus: LinkStatus;
  private isStopped = false;
  private isPaused = false;
  private batchesInFlight = 0;
  private hasLaneConsumers = false;
  private isReceiveOnly = false;
  /** Records put in the publish buffer while the current chunk is handled. */
  private recordsBufferedFromChunk = 0;
  private lastError: BridgeStatus['lastError'] = null;
  /** The last record read; its preview is made when the status is asked for, not per record. */
  private lastRecord: Buffer | null = null;
  private lastByteAtMs: number | null = null;
  private lastCommandAtMs = Number.NEGATIVE_INFINITY;
  private pumpTimer: NodeJS.Timeout | null = null;
  /** When start() ran: the rates of the first seconds are over the time since then. */
  private startedAtMs: number | undefined;

  constructor(options: BridgeRuntimeOptions) {
    this.config = options.config;
    this.link = options.link;
    this.host = options.host;
    this.now = options.now ?? Date.now;
    this.framer = createFramer(options.config.framing);
    this.reader = createRecordReader(options.config.format);
    this.buffer = new PublishBuffer(options.bufferCaps ?? DEFAULT_PUBLISH_BUFFER_CAPS);
    this.sequence = sequenceCounterFor(options.config);
    this.linkStatus = this.link.status();
    this.commands = new CommandWriter((framed) => this.link.write(framed), {
      onDidWrite: (bytesWritten) => {
        this.counters.commandsOut++;
        this.counters.bytesOut += bytesWritten;
        this.lastCommandAtMs = this.now();
      },
      onDidFail: (reason) => {
        this.counters.failedCommands++;
        this.noteError(reason);
      },
    });
  }

  /** Opens the link and, unless the profile is read-only, subscribes to the command channel. Never throws. */
  start(): void {
    this.startedAtMs = this.now();
    this.stopListening.push(
      this.link.onData((chunk) => this.handleChunk(chunk)),
      this.link.onDidChangeStatus((status) => this.handleLinkStatus(status)),
    );
    const commandChannel = resolveDeviceId(this.config.routing.commandChannel, this.config.routing.deviceId);
    if (commandChannel !== '' && this.host.receiveOnlyReason() === null) {
      this.stopListening.push(this.host.subscribeCommands(commandChannel, (payload) => this.handleCommand(payload)));
    }
    this.pumpTimer = setInterval(() => this.pumpTick(), PUMP_INTERVAL_MS);
    this.pumpTimer.unref?.();
    this.link.start();
    this.handleLinkStatus(this.link.status());
  }

  /** Closes the link for good; records still waiting for Redis are dropped and counted. Never rejects. */
  async stop(): Promise<void> {
    if (this.isStopped) return;
    this.isStopped = true;
    if (this.pumpTimer) clearInterval(this.pumpTimer);
    for (const stop of this.stopListening.splice(0)) stop();
    this.commands.discard();
    this.counters.droppedRecords += this.buffer.clear();
    await this.link.stop();
  }

  /** Paused keeps the device open and read (an unplug is still seen); records read meanwhile are neither shown nor published nor counted. */
  setPaused(isPaused: boolean): void {
    this.isPaused = isPaused;
  }

  /** The profile's connection became ready: publish what waited. */
  handleConnectionReady(): void {
    this.pump();
  }

  status(): BridgeStatus {
    const now = this.now();
    return {
      state: this.runState(),
      endpoint: this.linkStatus.endpoint,
      counters: {
        ...this.counters,
        droppedByLink: this.link.droppedChunks?.().chunks ?? 0,
        recordsInPerSecond: this.recordsInRate.perSecond(now, this.startedAtMs),
        recordsPublishedPerSecond: this.publishedRate.perSecond(now, this.startedAtMs),
        bytesInPerSecond: this.bytesInRate.perSecond(now, this.startedAtMs),
      },
      buffered: { count: this.buffer.count, bytes: this.buffer.byteCount, maxCount: this.buffer.caps.maxCount, maxBytes: this.buffer.caps.maxBytes },
      lastError: this.lastError,
      receiveOnlyReason: this.host.receiveOnlyReason(),
      lastRecordPreview: this.lastRecord === null ? null : toVisibleTextWithin(this.lastRecord.subarray(0, MAX_PREVIEW_CHARS * 4).toString('utf8'), MAX_PREVIEW_CHARS).text,
      lastByteAtMs: this.lastByteAtMs,
      asOfMs: now,
    };
  }

  private runState(): BridgeRunState {
    if (this.isStopped) return 'stopped';
    switch (this.linkStatus.state) {
      case 'opening':
        return 'opening';
      case 'reopening':
        return 'reopening';
      case 'failed':
        return 'failed';
      case 'closed':
        return 'stopped';
      case 'stalled':
        return 'stalled';
      case 'open':
        return this.isPaused ? 'paused' : 'running';
      default:
        return 'failed';
    }
  }

  private handleLinkStatus(status: LinkStatus): void {
    const previous = this.linkStatus.state;
    this.linkStatus = status;
    if (status.state === 'open' && previous === 'reopening') this.counters.reopenCount++;
    // The watchdog (the serial link's) says how long the device was silent and whether it reopens.
    if (status.state === 'stalled' && status.detail) this.noteError(status.detail);
    if (status.state === 'reopening' || status.state === 'failed') {
      if (status.detail) this.noteError(status.detail);
      // A half record at an unplug can never be finished: the device starts afresh (a CSV header is sent again, numbering may restart).
      this.reader.reset();
      this.sequence?.reset();
      const dropped = this.framer.reset();
      if (dropped > 0) {
        this.counters.badRecords++;
        this.noteError(`${status.detail ?? 'The device went away'}; a half record of ${dropped.toLocaleString('en-US')} bytes was dropped.`);
      }
    }
  }

  private handleChunk(chunk: LinkChunk): void {
    if (this.isStopped) return;
    const length = chunk.bytes.length;
    this.counters.bytesIn += length;
    this.bytesInRate.add(length, chunk.receivedAt);
    this.lastByteAtMs = chunk.receivedAt;
    this.recordsBufferedFromChunk = 0;
    this.readHostFlags();
    if (chunk.isWholeRecord) this.handleRecord(chunk.bytes, chunk.receivedAt);
    else this.handleFrames(this.framer.push(chunk.bytes, chunk.receivedAt), chunk.receivedAt);
    this.pump();
    // Records are views of the chunk until their batch is written; those still waiting get their own bytes.
    this.buffer.ownNewest(this.recordsBufferedFromChunk);
  }

  private handleFrames(output: FrameOutput, receivedAt: number): void {
    for (const rejected of output.rejected) this.countBadRecord(`${rejected.reason} (${rejected.bytes.toLocaleString('en-US')} bytes dropped)`);
    for (const record of output.records) this.handleRecord(record, receivedAt);
  }

  private handleRecord(bytes: Buffer, receivedAt: number): void {
    if (this.isPaused) return;
    const read = this.reader.read(bytes);
    // A CSV header names the fields and is no record of its own.
    if (read.ok && read.value === null) return;
    this.counters.recordsIn++;
    this.recordsInRate.add(1, receivedAt);
    this.lastRecord = bytes;
    if (!read.ok) return this.countBadRecord(`A record could not be read: ${read.error.message}`);
    const record = read.value as ReadRecord;
    if (this.sequence && 'value' in record) {
      const seen = this.sequence.observe(record.value);
      if (seen.kind === 'next') this.counters.sequenceGaps += seen.missing;
      // A late record was counted missing when a higher number passed it: it was not lost after all.
      if (seen.kind === 'late' && seen.wasCountedMissing) this.counters.sequenceGaps--;
    }
    const built = toPublishedParts(record, this.config.routing, { bridgeName: this.config.name, receivedAt });
    if (!built.ok) return this.countBadRecord(`A record could not be published: ${built.error.message}`);
    const waiting = built.value;
    if (this.isReply(receivedAt)) waiting.channel = resolveDeviceId(this.config.routing.replyChannel, this.config.routing.deviceId);
    if (this.hasLaneConsumers) {
      this.host.deliverToLanes({ channel: Buffer.from(waiting.channel, 'utf8'), pattern: null, payload: publishedBytesOf(waiting), receivedAt });
    }
    if (this.isReceiveOnly) return;
    this.recordsBufferedFromChunk++;
    const dropped = this.buffer.push(waiting);
    if (dropped > 0) {
      this.counters.droppedRecords += dropped;
      this.noteError(`Redis is not taking records: ${this.buffer.caps.maxCount.toLocaleString('en-US')} records wait, so the oldest are dropped.`);
    }
  }

  /** Replies: with a reply channel set, records read shortly after a command are taken as its answer. */
  private isReply(receivedAt: number): boolean {
    return this.config.routing.replyChannel !== '' && receivedAt - this.lastCommandAtMs <= REPLY_WINDOW_MS;
  }

  private handleCommand(payload: Buffer): void {
    if (this.isStopped) return;
    const reason = this.host.receiveOnlyReason();
    if (reason !== null) {
      this.counters.failedCommands++;
      this.noteError(`A command was not written: ${reason}.`);
      return;
    }
    const framed = this.framer.encode(payload);
    if (!framed.ok) {
      this.counters.failedCommands++;
      this.noteError(`A command was not written: ${framed.error.message}`);
      return;
    }
    this.commands.add(framed.value);
  }

  /** Whether lanes listen and whether the profile is read-only, read once per chunk rather than per record (the lanes' lookup was 0.2 µs a record). */
  private readHostFlags(): void {
    this.hasLaneConsumers = this.host.hasLaneConsumers();
    this.isReceiveOnly = this.host.receiveOnlyReason() !== null;
  }

  private pumpTick(): void {
    if (this.config.framing.kind !== 'silence') return this.pump();
    // A silence framing ends its last record here, as a chunk does.
    this.recordsBufferedFromChunk = 0;
    this.readHostFlags();
    this.handleFrames(this.framer.tick(this.now()), this.now());
    this.pump();
    this.buffer.ownNewest(this.recordsBufferedFromChunk);
  }

  private pump(): void {
    while (this.buffer.count > 0 && this.batchesInFlight < BATCHES_IN_FLIGHT && this.host.canPublish() && !this.isStopped) {
      const batch: WaitingRecord[] = [];
      let bytes = 0;
      while (batch.length < PUBLISH_BATCH_RECORDS && this.buffer.count > 0) {
        const nextBytes = publishedLengthOf(this.buffer.peek() as WaitingRecord);
        if (batch.length > 0 && bytes + nextBytes > PUBLISH_BATCH_BYTES) break;
        batch.push(this.buffer.shift() as WaitingRecord);
        bytes += nextBytes;
      }
      this.batchesInFlight++;
      void this.host.publishBatch(batch).then((answers) => this.handlePublished(batch.length, answers));
    }
  }

  private handlePublished(count: number, answers: Result<Array<Result<number>>>): void {
    this.batchesInFlight--;
    let published = 0;
    let failure: string | null = answers.ok ? null : answers.error.message;
    if (answers.ok) {
      for (const answer of answers.value) {
        if (answer.ok) published++;
        else failure = answer.error.message;
      }
    }
    this.counters.recordsPublished += published;
    if (published > 0) this.publishedRate.add(published, this.now());
    if (published < count) {
      // Sent or not is unknown after a lost connection: counted as dropped, never published twice.
      this.counters.droppedRecords += count - published;
      this.noteError(`Redis did not take ${(count - published).toLocaleString('en-US')} records: ${failure ?? 'no answer'}`);
    }
    if (this.buffer.count > 0) this.pump();
  }

  private countBadRecord(reason: string): void {
    this.counters.badRecords++;
    this.noteError(reason);
  }

  private noteError(message: string): void {
    this.lastError = { message, atMs: this.now() };
  }
}

/** The UDP bridge's sequence counter; the store refuses a path that cannot be read, so none is made for one. */
function sequenceCounterFor(config: BridgeConfig): SequenceGapCounter | null {
  if (config.kind !== 'udp' || config.udp.sequencePath === '') return null;
  const counter = createSequenceGapCounter(config.udp.sequencePath);
  return counter.ok ? counter.value : null;
}

/** `{device_id}` in a command or reply channel is the bridge's device id. */
export function resolveDeviceId(template: string, deviceId: string): string {
  return template.replaceAll('{device_id}', deviceId);
}
