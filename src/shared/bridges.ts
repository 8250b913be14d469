/**
 * Device bridges: a bench device with no Redis client of its own (a serial
 * board, a UDP-streaming amplifier) joins the lab bus through the console.
 * A bridge belongs to one profile and is saved with it (bus/bridges/bridgeStore.ts).
 * These are the shapes both sides share; the bus part is src/bus/bridges/.
 */

/** How a byte stream is cut into records. UDP ignores it: one datagram is one record. */
export type Framing =
  | { kind: 'lines'; ending: 'lf' | 'cr' | 'crlf' | 'any' }
  /** Any byte sequence, written as text with \n \r \t \xNN escapes (e.g. ";" or "\x00"). */
  | { kind: 'delimiter'; delimiter: string }
  /** Consistent Overhead Byte Stuffing, frames ended by 0x00. */
  | { kind: 'cobs' }
  /** RFC 1055 SLIP, frames ended by 0xC0. */
  | { kind: 'slip' }
  | { kind: 'fixedLength'; length: number }
  /** A record ends when no byte arrived for `gapMs` (devices that send bursts with no terminator). */
  | { kind: 'silence'; gapMs: number };
export type FramingKind = Framing['kind'];

/** How one record's bytes are read. */
export type RecordFormat =
  | { kind: 'json' }
  /** Comma-separated values; the first record is the header naming the fields. */
  | { kind: 'csv'; delimiter: ',' | ';' | '\t' }
  /** MessagePack (UDP amplifiers); published as JSON in the envelope. */
  | { kind: 'msgpack' }
  /** Bytes as they came; published as-is (no envelope) or base64 inside the envelope. */
  | { kind: 'raw' };
export type RecordFormatKind = RecordFormat['kind'];

/** Where records go in Redis and where commands come from. */
export interface BridgeRouting {
  /** Channel each record is published to; `{device_id}` and `{field}` are taken from the record ("devices:telemetry" by default). */
  channelTemplate: string;
  /** Wrap in the lab envelope {channel, source, timestamp, data}. Off publishes the record's own JSON (or raw bytes). */
  shouldWrapInEnvelope: boolean;
  /** The envelope's `source`; '' uses the bridge's name. */
  sourceName: string;
  /** Pub/sub channel whose messages are written to the device; '' for none. `{device_id}` is the bridge's deviceId. */
  commandChannel: string;
  /** Where the device's answers to commands are published; '' publishes them like every other record. */
  replyChannel: string;
  /** Substituted for {device_id} in the command channel; the record's own device_id wins for record channels. */
  deviceId: string;
}

export interface SerialSettings {
  /** The port path as typed or chosen ("/dev/ttyUSB0", "COM3"). */
  path: string;
  /** When set, a saved bridge finds its device again by these if `path` no longer holds it. '' means unknown. */
  vendorId: string;
  productId: string;
  serialNumber: string;
  baudRate: number;
  dataBits: 5 | 6 | 7 | 8;
  stopBits: 1 | 2;
  parity: 'none' | 'even' | 'odd';
  /** No byte for this long is a stall: shown, and the port is reopened when `shouldReopenOnStall`. 0 turns the watchdog off. */
  stallAfterMs: number;
  shouldReopenOnStall: boolean;
}

export interface UdpSettings {
  /** Address to listen on; 127.0.0.1 unless the user opens it wider. */
  listenHost: string;
  listenPort: number;
  /** Where commands are sent; '' or port 0 for receive-only. */
  commandHost: string;
  commandPort: number;
  /** Path of a sequence number in each record (e.g. "seq"); '' when records carry none. Gaps are counted. */
  sequencePath: string;
}

interface BridgeCommon {
  id: string;
  name: string;
  framing: Framing;
  format: RecordFormat;
  routing: BridgeRouting;
  /** Start when the profile's connection opens (and with the app). */
  shouldStartWithProfile: boolean;
}

export type BridgeConfig = (BridgeCommon & { kind: 'serial'; serial: SerialSettings }) | (BridgeCommon & { kind: 'udp'; udp: UdpSettings });
export type BridgeKind = BridgeConfig['kind'];

/** What the editor sends to save: no id creates a bridge. */
export type BridgeDraft = WithoutId<BridgeConfig> & { id?: string };
/** Omit over each member of a union, so a draft still narrows on `kind`. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/**
 * 'stopped' by the user; 'opening' the device; 'running'; 'paused' (device
 * open, nothing read or published); 'stalled' (open, no bytes for
 * stallAfterMs); 'reopening' after an unplug or error, with backoff;
 * 'failed' when it cannot open and will not retry (bad settings).
 */
export type BridgeRunState = 'stopped' | 'opening' | 'running' | 'paused' | 'stalled' | 'reopening' | 'failed';

/** Counters since the bridge was started; rates are over the last few seconds. */
export interface BridgeCounters {
  /** Records read from the device. */
  recordsIn: number;
  /** Records published to Redis. */
  recordsPublished: number;
  /** Commands written to the device. */
  commandsOut: number;
  bytesIn: number;
  bytesOut: number;
  /** Records that could not be read (bad JSON, wrong CSV width, COBS error, oversized): counted, never published. */
  badRecords: number;
  /** Records dropped because Redis was away and the buffer was full. */
  droppedRecords: number;
  /** Datagrams the link itself dropped before reading them because the bus was busy (its worker's queue was full; UDP only). */
  droppedByLink: number;
  /** Commands the device could not take (write failed): reported, never retried. */
  failedCommands: number;
  /** Missing sequence numbers seen (records that carry one). */
  sequenceGaps: number;
  /** Times the device was reopened after an unplug or stall. */
  reopenCount: number;
  recordsInPerSecond: number;
  recordsPublishedPerSecond: number;
  bytesInPerSecond: number;
}

export interface BridgeStatus {
  state: BridgeRunState;
  /** Where it is connected now ("/dev/ttyUSB1 (found by serial number A7X)", "127.0.0.1:9870"). */
  endpoint: string;
  counters: BridgeCounters;
  /** Records waiting for Redis now, and the buffer's caps. */
  buffered: { count: number; bytes: number; maxCount: number; maxBytes: number };
  /** In words a technician understands; null when none since start. */
  lastError: { message: string; atMs: number } | null;
  /** Why the bridge publishes nothing and writes no commands now, in words ("receive-only: the profile is read-only"); null when it publishes. */
  receiveOnlyReason: string | null;
  /** The last record read, as shown in the bridge's preview (text, at most 2 KB). */
  lastRecordPreview: string | null;
  /** Epoch ms of the last byte from the device. */
  lastByteAtMs: number | null;
  /** Epoch ms the status was computed. */
  asOfMs: number;
}

export interface BridgeView {
  config: BridgeConfig;
  status: BridgeStatus;
}

/** A serial port as the system lists it. */
export interface SerialPortInfo {
  path: string;
  manufacturer: string;
  vendorId: string;
  productId: string;
  serialNumber: string;
}

export const MAX_BRIDGES_PER_PROFILE = 16;

export function emptyBridgeCounters(): BridgeCounters {
  return {
    recordsIn: 0,
    recordsPublished: 0,
    commandsOut: 0,
    bytesIn: 0,
    bytesOut: 0,
    badRecords: 0,
    droppedRecords: 0,
    droppedByLink: 0,
    failedCommands: 0,
    sequenceGaps: 0,
    reopenCount: 0,
    recordsInPerSecond: 0,
    recordsPublishedPerSecond: 0,
    bytesInPerSecond: 0,
  };
}

export function defaultBridgeRouting(): BridgeRouting {
  return {
    channelTemplate: 'devices:telemetry',
    shouldWrapInEnvelope: true,
    sourceName: '',
    commandChannel: '',
    replyChannel: '',
    deviceId: '',
  };
}

export function defaultSerialSettings(): SerialSettings {
  return {
    path: '',
    vendorId: '',
    productId: '',
    serialNumber: '',
    baudRate: 115200,
    dataBits: 8,
    stopBits: 1,
    parity: 'none',
    stallAfterMs: 10_000,
    shouldReopenOnStall: true,
  };
}

export function defaultUdpSettings(): UdpSettings {
  return { listenHost: '127.0.0.1', listenPort: 9870, commandHost: '', commandPort: 0, sequencePath: '' };
}
