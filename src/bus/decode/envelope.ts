/**
 * Recognises the envelopes lab services wrap their messages in (see
 * LAB_TRAFFIC.md), so the console can show who sent a message, what kind it
 * is and when it was published, whatever the shape.
 */
import { readTimestampMs } from '../../shared/timestamp';

export type EnvelopeShape =
  /** `{channel, source, timestamp, data}`: device manager, lab sensors, agent monitor, alerts. */
  | 'channelEnvelope'
  /** `{id, from, to, type, payload, timestamp, priority, ttl, correlation_id}`: the Streams orchestrator. */
  | 'streamEnvelope'
  /** `{type, payload}`: the task router (`agent_status`, `routing_decision`). */
  | 'typedPayload'
  /** An object with a string `type` and its fields inline: EEG relays (`raw`, `prediction`). */
  | 'typedRecord'
  /** Any other object, e.g. `task_updates`. */
  | 'plainObject'
  /** Arrays, strings, numbers, null: nothing to recognise. */
  | 'notAnObject';

export interface EnvelopeInfo {
  shape: EnvelopeShape;
  /** The message kind the producer named, when it named one. */
  type?: string;
  /** Who published it, when the envelope says. */
  source?: string;
  /** Epoch ms the producer stamped; absent when missing or implausible. */
  publishedAt?: number;
}

const TIMESTAMP_KEYS = ['timestamp', 'ts'] as const;

/**
 * Every top-level key recognizeEnvelopeAt reads, the ones it reads inside
 * `data` and `payload`, and those two: a reader that collects only these
 * (msgpackSummary.ts) recognizes the same envelope. Keep them in step.
 */
export const ENVELOPE_KEYS: ReadonlySet<string> = new Set(['type', 'from', 'to', 'payload', 'data', 'channel', 'source', ...TIMESTAMP_KEYS]);
export const NESTED_ENVELOPE_KEYS: ReadonlySet<string> = new Set(['type', 'source', ...TIMESTAMP_KEYS]);
export const NESTING_ENVELOPE_KEYS: ReadonlySet<string> = new Set(['data', 'payload']);

type Fields = Record<string, unknown>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value) && !(value instanceof Date);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function publishedAtOf(nowMs: number | undefined, first: unknown, second?: unknown): number | undefined {
  return publishedAtIn(first, nowMs) ?? publishedAtIn(second, nowMs);
}

function publishedAtIn(candidate: unknown, nowMs: number | undefined): number | undefined {
  if (isFields(candidate)) {
    for (const key of TIMESTAMP_KEYS) {
      const parsed = readTimestampMs(candidate[key], nowMs);
      if (parsed !== undefined) return parsed;
    }
  }
  return undefined;
}

/** What recognizeEnvelopeAt reads, in a record the caller keeps and this refills (readEnvelopeAt). */
export interface EnvelopeReading {
  shape: EnvelopeShape;
  type: string | undefined;
  source: string | undefined;
  publishedAt: number | undefined;
}

export function newEnvelopeReading(): EnvelopeReading {
  return { shape: 'notAnObject', type: undefined, source: undefined, publishedAt: undefined };
}

function read(into: EnvelopeReading, shape: EnvelopeShape, type: string | undefined, source: string | undefined, publishedAt: number | undefined): EnvelopeReading {
  into.shape = shape;
  into.type = type;
  into.source = source;
  into.publishedAt = publishedAt;
  return into;
}

/**
 * The envelope of a value received at `nowMs`: a publish time may be at
 * most a day after that (readTimestampMs); undefined reads the clock.
 * Motivation: reading the clock twice per timestamp cost 0.7 of 20 µs per
 * entry in a worker profile of the stream-tail flood (Date.now is about
 * 0.1-0.3 µs on this VM).
 */
export function recognizeEnvelopeAt(value: unknown, nowMs: number | undefined): EnvelopeInfo {
  const { shape, type, source, publishedAt } = readEnvelopeAt(value, nowMs, newEnvelopeReading());
  const result: EnvelopeInfo = { shape };
  if (type !== undefined) result.type = type;
  if (source !== undefined) result.source = source;
  if (publishedAt !== undefined) result.publishedAt = publishedAt;
  return result;
}

/**
 * recognizeEnvelopeAt written into `into` (absent parts undefined), for the
 * feed's per-message path: no object per message.
 * Motivation: the EnvelopeInfo grown property by property was about 88 bytes
 * per 200-byte JSON entry of the stream-tail flood (bench/feedPathGarbage.ts;
 * bench/README.md, "Session 11 (tailgc)").
 */
export function readEnvelopeAt(value: unknown, nowMs: number | undefined, into: EnvelopeReading): EnvelopeReading {
  if (!isFields(value)) return read(into, 'notAnObject', undefined, undefined, undefined);
  const type = text(value.type);
  if (type && text(value.from) && text(value.to) && 'payload' in value) {
    return read(into, 'streamEnvelope', type, text(value.from), publishedAtOf(nowMs, value));
  }
  if ('data' in value && text(value.channel)) {
    return read(into, 'channelEnvelope', type ?? (isFields(value.data) ? text(value.data.type) : undefined), text(value.source), publishedAtOf(nowMs, value, value.data));
  }
  if (type && 'payload' in value) {
    const payload = value.payload;
    return read(into, 'typedPayload', type, text(value.source) ?? (isFields(payload) ? text(payload.source) : undefined), publishedAtOf(nowMs, value, payload));
  }
  if (type) return read(into, 'typedRecord', type, text(value.source), publishedAtOf(nowMs, value));
  return read(into, 'plainObject', undefined, text(value.source), publishedAtOf(nowMs, value));
}
