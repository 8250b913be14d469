/**
 * A bridge's status in the words its card shows. Every number names what it
 * counts ("1,204 records in · 12.0/s"), so two numbers on the card never
 * read as the same thing.
 */
import type { BridgeConfig, BridgeCounters, BridgeStatus, Framing, RecordFormat } from '../../../../shared/bridges';
import type { StatusTone } from '../../components/StatusDot';
import { formatBytes } from '../../format/formatBytes';
import { formatClockTime } from '../../format/formatClockTime';
import { countWords, formatCount } from '../../../../shared/countWords';

/** Always one decimal, so a rate never looks like a count: 12 → "12.0/s". */
export function formatPerSecond(perSecond: number): string {
  return `${perSecond.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}/s`;
}

export interface BridgeStateWords {
  label: string;
  tone: StatusTone;
}

/** "running", "stalled: no bytes for 12 s", "reopening: The device /dev/ttyUSB0 was unplugged; reopening in 2 s." */
export function describeBridgeState(status: BridgeStatus): BridgeStateWords {
  const error = status.lastError?.message ?? null;
  switch (status.state) {
    case 'stopped':
      return { label: 'stopped', tone: 'neutral' };
    case 'opening':
      return { label: 'opening the device…', tone: 'busy' };
    case 'running':
      return { label: 'running', tone: 'good' };
    case 'paused':
      return { label: 'paused: the device stays open; records are read but not published', tone: 'warning' };
    case 'stalled': {
      const silentFor = status.lastByteAtMs === null ? null : Math.max(0, Math.round((status.asOfMs - status.lastByteAtMs) / 1000));
      return { label: silentFor === null ? 'stalled: no bytes since it started' : `stalled: no bytes for ${formatCount(silentFor)} s`, tone: 'warning' };
    }
    case 'reopening':
      return { label: error === null ? 'reopening the device…' : `reopening: ${error}`, tone: 'warning' };
    case 'failed':
      return { label: error === null ? 'failed' : `failed: ${error}`, tone: 'bad' };
  }
}

/** States in which the bridge holds its device (or socket) open. */
export function isBridgeActive(status: BridgeStatus): boolean {
  return status.state !== 'stopped' && status.state !== 'failed';
}

export interface CounterLine {
  label: string;
  text: string;
  /** A count of something that went wrong, non-zero: shown in the warning colour. */
  isProblem: boolean;
}

/**
 * The card's table of counters since start; problems are non-zero counts of things lost or refused.
 * A UDP bridge has its own line for datagrams its receiver dropped while the bus was busy: a loss
 * before Redis is involved, never mixed with the records dropped while Redis was away. A serial
 * bridge whose port process dropped reads gets the same line, in reads.
 */
export function counterLines(counters: BridgeCounters, status: BridgeStatus, kind: BridgeConfig['kind']): CounterLine[] {
  const line = (label: string, text: string, problemCount = 0): CounterLine => ({ label, text, isProblem: problemCount > 0 });
  const buffered = status.buffered;
  return [
    line('Records in', `${countWords(counters.recordsIn, 'record')} in · ${formatPerSecond(counters.recordsInPerSecond)}`),
    line('Published', `${countWords(counters.recordsPublished, 'record')} published · ${formatPerSecond(counters.recordsPublishedPerSecond)}`),
    line('Bytes in', `${formatBytes(counters.bytesIn)} in · ${formatBytes(counters.bytesInPerSecond)}/s`),
    line('Commands', `${countWords(counters.commandsOut, 'command')} written · ${formatBytes(counters.bytesOut)} out`),
    line('Bad records', `${countWords(counters.badRecords, 'record')} unreadable, not published`, counters.badRecords),
    line('Dropped', `${countWords(counters.droppedRecords, 'record')} dropped while Redis was away`, counters.droppedRecords),
    ...(kind === 'udp' ? [line('Dropped on arrival', `${countWords(counters.droppedByLink, 'datagram')} dropped: the bus was busy`, counters.droppedByLink)] : []),
    // Only a serial port in its own process (Windows) can drop reads; the in-thread link never does, so no line of zeros.
    ...(kind === 'serial' && counters.droppedByLink > 0 ? [line('Dropped on arrival', `${countWords(counters.droppedByLink, 'read')} from the port dropped: the bus was busy`, counters.droppedByLink)] : []),
    line('Failed commands', `${countWords(counters.failedCommands, 'command')} the device did not take (not retried)`, counters.failedCommands),
    line('Sequence gaps', `${countWords(counters.sequenceGaps, 'missing sequence number')}`, counters.sequenceGaps),
    line('Reopened', countWords(counters.reopenCount, 'time'), counters.reopenCount),
    line(
      'Waiting for Redis',
      `${formatCount(buffered.count)} of ${formatCount(buffered.maxCount)} records · ${formatBytes(buffered.bytes)} of ${formatBytes(buffered.maxBytes)}`,
      buffered.count,
    ),
  ];
}

/** The last error with the wall-clock time it happened: "Unplugged (at 10:41:02)". */
export function lastErrorText(status: BridgeStatus): string | null {
  const error = status.lastError;
  return error === null ? null : `${error.message} (at ${formatClockTime(error.atMs)})`;
}

/** Where the bridge reads from: the bus's endpoint when it has one, else what the settings name. */
export function bridgeEndpointText(config: BridgeConfig, status: BridgeStatus): string {
  if (status.endpoint !== '') return status.endpoint;
  if (config.kind === 'serial') return config.serial.path === '' ? 'no port chosen' : `${config.serial.path} at ${formatCount(config.serial.baudRate)} baud`;
  return `UDP ${config.udp.listenHost}:${config.udp.listenPort}`;
}

export function bridgeKindText(config: BridgeConfig): string {
  return config.kind === 'serial' ? 'Serial' : 'UDP';
}

const LINE_ENDING_WORDS = { lf: 'LF', cr: 'CR', crlf: 'CRLF', any: 'any line ending' } as const;

export function framingText(framing: Framing): string {
  switch (framing.kind) {
    case 'lines':
      return `lines (${LINE_ENDING_WORDS[framing.ending]})`;
    case 'delimiter':
      return `ended by ${framing.delimiter}`;
    case 'cobs':
      return 'COBS';
    case 'slip':
      return 'SLIP';
    case 'fixedLength':
      return `${countWords(framing.length, 'byte')} each`;
    case 'silence':
      return `bursts ${formatCount(framing.gapMs)} ms apart`;
  }
}

const CSV_DELIMITER_WORDS = { ',': 'comma', ';': 'semicolon', '\t': 'tab' } as const;

export function formatText(format: RecordFormat): string {
  switch (format.kind) {
    case 'json':
      return 'JSON';
    case 'csv':
      return `CSV (${CSV_DELIMITER_WORDS[format.delimiter]})`;
    case 'msgpack':
      return 'MessagePack';
    case 'raw':
      return 'raw bytes';
  }
}

/**
 * Why records are not reaching Redis though the bridge runs, or null when
 * they are. `receiveOnlyReason` is the bus's own words (a read-only profile);
 * without a connection records wait in the bridge's bounded buffer.
 */
export function publishingNote(receiveOnlyReason: string | null, isConnected: boolean, maxBufferedRecords: number): string | null {
  if (receiveOnlyReason !== null) return `${receiveOnlyReason} (records are shown in lanes; nothing is published and no commands are written).`;
  if (!isConnected) return `not connected: records are shown, not published; up to ${formatCount(maxBufferedRecords)} wait for Redis, older ones are dropped and counted.`;
  return null;
}
