/**
 * The lab envelope the device manager already publishes on
 * `devices:telemetry` (see /work/shared/LAB_TRAFFIC.md):
 * `{channel, source, timestamp, data}` with an ISO-8601 UTC timestamp, so a
 * bridged board's records look like every other device's to the lab's
 * consumers. Raw bytes go in `data` as {"encoding":"base64","base64":"…"}.
 */
import { base64Marker } from './jsonSafeValue';

export interface LabEnvelope {
  channel: string;
  /** Who published: the bridge's source name, or its name. */
  source: string;
  /** When the bridge read the record (the device sends no clock the bridge can trust), ISO-8601 UTC with milliseconds. */
  timestamp: string;
  data: unknown;
}

export function labEnvelope(channel: string, source: string, receivedAt: number, data: { value: unknown } | { bytes: Buffer }): LabEnvelope {
  return { channel, source, timestamp: new Date(receivedAt).toISOString(), data: 'bytes' in data ? base64Marker(data.bytes) : data.value };
}

/**
 * The last envelope head written: the records of one chunk share their read
 * time, channel and source, so the head's bytes are made once per chunk, not
 * per record. Motivation: writing the head per record (two JSON.stringify,
 * the ISO time, a UTF-8 encode) was about a third of the envelope's time.
 */
let lastHead = { channel: '', source: '', receivedAt: Number.NaN, bytes: Buffer.alloc(0) };

/**
 * The envelope's bytes up to and with `"data":`; never changed once made
 * (waiting records share it). Followed by a record's own JSON text, which
 * must be valid JSON and valid UTF-8 (recordReader checks both), and `}`, it
 * is JSON.stringify(labEnvelope(…)) with `data` as the device wrote it
 * (spacing, number spelling and big integers kept).
 */
export function labEnvelopeHead(channel: string, source: string, receivedAt: number): Buffer {
  if (lastHead.receivedAt !== receivedAt || lastHead.channel !== channel || lastHead.source !== source) {
    const head = `{"channel":${JSON.stringify(channel)},"source":${JSON.stringify(source)},"timestamp":"${new Date(receivedAt).toISOString()}","data":`;
    lastHead = { channel, source, receivedAt, bytes: Buffer.from(head, 'utf8') };
  }
  return lastHead.bytes;
}
