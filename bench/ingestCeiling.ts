/**
 * How close any feed could come to the bare subscriber on this machine.
 *
 * The bare subscriber decodes each payload and keeps nothing. A console
 * must also do, per message, what the issue asks of it: check the bytes are
 * UTF-8, enforce the structure caps, recognise the envelope (type, source,
 * publish time), check whether the preview can be shown as sent, copy the
 * payload into the history, count the channel, and write the preview into
 * a frame. This loop does exactly that with the bus's own functions and
 * none of its structure (no lanes, messages, batching or transfer), beside
 * the bare decode on the same payloads, interleaved, CPU time per message.
 *
 * ceiling = T / (T + extra): T is the fastest bare subscriber's time per
 * message in the flood (1 / its rate, socket reading included), extra is
 * the required work's CPU time minus the bare decode's. No feed doing that
 * work on one thread can beat the ceiling here; the bus's ratio shows how
 * much its own structure costs on top.
 */
import { isUtf8 } from 'node:buffer';
import { unpack } from 'msgpackr';
import { recognizeEnvelopeAt } from '../src/bus/decode/envelope';
import { findJsonStructureProblem } from '../src/bus/decode/jsonPrescan';
import { findMsgpackProblem } from '../src/bus/decode/msgpackPrescan';
import { hasCharactersToEscape } from '../src/bus/decode/compactPreview';
import { summarizeMsgpack } from '../src/bus/decode/msgpackSummary';
import { PayloadArena, type StoredPayload } from '../src/bus/feed/payloadArena';
import { MAX_PREVIEW_CHARS } from '../src/shared/liveChannels';
import { makePayload, type PayloadKind } from './payloads';

const MESSAGES_PER_ROUND = 200_000;
const DISTINCT_PAYLOADS = 1000;
const LIMITS = { maxDepth: 64, maxItems: 100_000 };
const textDecoder = new TextDecoder('utf-8');
const textEncoder = new TextEncoder();

export interface RequiredWork {
  /** Median CPU µs per message of the bare decode. */
  bareMicros: number;
  /** Median CPU µs per message of the required work, decoding included. */
  requiredMicros: number;
}

/** The payloads as views into one buffer, the way ioredis hands them over from a socket read. */
function socketViews(kind: PayloadKind): Buffer[] {
  const payloads = Array.from({ length: DISTINCT_PAYLOADS }, (_, index) => makePayload(kind, index));
  const socket = Buffer.concat(payloads);
  let offset = 0;
  return payloads.map((payload) => {
    const view = socket.subarray(offset, offset + payload.length);
    offset += payload.length;
    return view;
  });
}

function cpuMicrosPerMessage(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const spent = process.cpuUsage(before);
  return (spent.user + spent.system) / MESSAGES_PER_ROUND;
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export function measureRequiredWork(kind: PayloadKind, rounds: number): RequiredWork {
  const views = socketViews(kind);
  const arena = new PayloadArena();
  const stored: StoredPayload = { store: Buffer.alloc(0), offset: 0, length: 0 };
  const receivedAt = new Float64Array(MESSAGES_PER_ROUND);
  const publishedAt = new Float64Array(MESSAGES_PER_ROUND);
  const sizes = new Uint32Array(MESSAGES_PER_ROUND);
  const channel = { messages: 0, bytes: 0, lastSeenAt: 0 };
  const channels = new Map([['bench:channel', channel]]);
  const frame = new Uint8Array(4 * 1024 * 1024);
  let frameAt = 0;
  let kept = 0;

  const bare = (): void => {
    for (let index = 0; index < MESSAGES_PER_ROUND; index++) {
      const payload = views[index % DISTINCT_PAYLOADS]!;
      const value: unknown = kind === 'json' ? JSON.parse(payload.toString('utf8')) : unpack(payload);
      if (typeof value === 'object') kept++;
    }
  };
  const required = (): void => {
    for (let index = 0; index < MESSAGES_PER_ROUND; index++) {
      const payload = views[index % DISTINCT_PAYLOADS]!;
      let preview: string;
      let envelopeOf: unknown;
      if (kind === 'json') {
        if (!isUtf8(payload) || findJsonStructureProblem(payload, LIMITS) !== null) continue;
        const source = textDecoder.decode(payload);
        envelopeOf = JSON.parse(source);
        preview = hasCharactersToEscape(source) ? JSON.stringify(envelopeOf) : source;
      } else {
        if (isUtf8(payload) || findMsgpackProblem(payload, LIMITS) !== null) continue;
        const summary = summarizeMsgpack(payload, MAX_PREVIEW_CHARS);
        if (summary === null) continue;
        envelopeOf = summary.envelopeFields;
        preview = summary.preview;
      }
      const envelope = recognizeEnvelopeAt(envelopeOf, undefined);
      arena.copy(payload, stored);
      const counts = channels.get('bench:channel')!;
      counts.messages++;
      counts.bytes += payload.length;
      counts.lastSeenAt = index;
      receivedAt[index] = index;
      sizes[index] = payload.length;
      publishedAt[index] = envelope.publishedAt ?? Number.NaN;
      if (frameAt + 4 * MAX_PREVIEW_CHARS > frame.length) frameAt = 0;
      frameAt += textEncoder.encodeInto(preview, frame.subarray(frameAt)).written;
      kept++;
    }
  };

  const bareRounds: number[] = [];
  const requiredRounds: number[] = [];
  for (let round = 0; round < rounds; round++) {
    bareRounds.push(cpuMicrosPerMessage(bare));
    requiredRounds.push(cpuMicrosPerMessage(required));
  }
  if (kept !== 2 * rounds * MESSAGES_PER_ROUND) throw new Error(`The ${kind} payloads did not all decode (${kept} kept).`);
  return { bareMicros: median(bareRounds), requiredMicros: median(requiredRounds) };
}

/** The highest ingest ratio the required work leaves, given the bare subscriber's rate in the flood. */
export function ceilingRatio(work: RequiredWork, bareMessagesPerSecond: number): number {
  const bareMicros = 1e6 / bareMessagesPerSecond;
  return bareMicros / (bareMicros + work.requiredMicros - work.bareMicros);
}
