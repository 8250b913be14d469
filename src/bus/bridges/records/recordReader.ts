/**
 * Reads one framed record in the bridge's RecordFormat into a value, and
 * turns a value into the published payload (channel template, lab
 * envelope). Owned by the records work; this is the interface the runtime
 * codes against.
 */
import type { BridgeRouting, RecordFormat } from '../../../shared/bridges';
import type { Result } from '../../../shared/result';

export interface RecordReader {
  /** A value (JSON/CSV/MessagePack) or the bytes themselves (raw); a failure says why in words ("not JSON: unexpected 'x' at 3"). */
  read(record: Buffer): Result<{ value: unknown } | { bytes: Buffer }>;
}

export function createRecordReader(format: RecordFormat): RecordReader {
  throw new Error(`record format ${format.kind} is not built yet`);
}

export interface PublishedRecord {
  channel: string;
  payload: Buffer;
}

/** The channel and bytes to publish for one read record, or why it cannot be published (a template field the record lacks). */
export function toPublishedRecord(
  read: { value: unknown } | { bytes: Buffer },
  routing: BridgeRouting,
  context: { bridgeName: string; receivedAt: number },
): Result<PublishedRecord> {
  void read;
  void context;
  throw new Error(`publishing to ${routing.channelTemplate} is not built yet`);
}
