/**
 * One line of the publish audit log (`<dataDir>/audit/publish.jsonl`): one
 * JSON object per publish that reached the server, with a fixed set of keys so
 * `jq` and a spreadsheet read it alike. The payload is kept only as its first
 * MAX_AUDIT_PAYLOAD_BYTES (for "publish again") plus the SHA-256 of the bytes
 * sent, so the log proves what went out without holding every large payload.
 * Pure: formatting and parsing, no I/O.
 */
import { PUBLISH_COMMANDS, PUBLISH_ENCODINGS, publishOutcomeSummary, type PublishCommand, type PublishEncoding, type PublishRecord } from '../../shared/publishing';

export const MAX_AUDIT_PAYLOAD_BYTES = 4 * 1024;

/** A publish as the bus keeps it: the contract's record plus what the audit needs. */
export type PublishEntry = PublishRecord & {
  /** `payload` holds only the first MAX_AUDIT_PAYLOAD_BYTES of what was typed. */
  isPayloadTruncated: boolean;
  /** Hex SHA-256 of the bytes PUBLISH sent (after encoding). */
  sentSha256: string;
};

/** The keys of a line, in the order they are written. */
interface AuditLine {
  /** ISO 8601, UTC, millisecond precision. */
  time: string;
  attemptId: string;
  profileId: string;
  profileName: string;
  channel: string;
  encoding: PublishEncoding;
  /** PUBLISH or SPUBLISH. Lines written before it existed lack it (read as 'publish'). */
  command: PublishCommand;
  sizeBytes: number;
  outcome: PublishRecord['outcome'];
  /** The outcome in the words the publish panel showed ("Nobody listening", "Delivered to 2 subscribers"). */
  summary: string;
  /** PUBLISH's count when delivered (Labwire's own subscriptions included); null otherwise. */
  receivers: number | null;
  /** How many of `receivers` were Labwire's own subscriptions; null when not delivered. Lines written before it existed lack it (read as 0). */
  ownReceivers: number | null;
  /** Set when unknown or failed; null when delivered. */
  reason: string | null;
  sentSha256: string;
  isPayloadTruncated: boolean;
  payload: string;
}

/** The line for `entry`, with its newline. JSON.stringify escapes newlines, so one entry is always one line. */
export function formatAuditLine(entry: PublishEntry): string {
  const line: AuditLine = {
    time: new Date(entry.at).toISOString(),
    attemptId: entry.attemptId,
    profileId: entry.profileId,
    profileName: entry.profileName,
    channel: entry.channel,
    encoding: entry.encoding,
    command: entry.command,
    sizeBytes: entry.sizeBytes,
    outcome: entry.outcome,
    summary: publishOutcomeSummary(entry),
    receivers: entry.outcome === 'delivered' ? entry.receivers : null,
    ownReceivers: entry.outcome === 'delivered' ? entry.ownReceivers : null,
    reason: entry.outcome === 'delivered' ? null : entry.reason,
    sentSha256: entry.sentSha256,
    isPayloadTruncated: entry.isPayloadTruncated,
    payload: entry.payload,
  };
  return `${JSON.stringify(line)}\n`;
}

/** The entry a line holds, or null for a line that is not one (cut short by a crash, edited by hand). */
export function parseAuditLine(text: string): PublishEntry | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const line = value as Partial<Record<keyof AuditLine, unknown>>;
  const at = typeof line.time === 'string' ? Date.parse(line.time) : Number.NaN;
  const isEncoding = (PUBLISH_ENCODINGS as readonly unknown[]).includes(line.encoding);
  const command = line.command === undefined ? 'publish' : (PUBLISH_COMMANDS as readonly unknown[]).includes(line.command) ? (line.command as PublishCommand) : null;
  if (
    !Number.isFinite(at) ||
    !isText(line.attemptId) ||
    !isText(line.profileId) ||
    !isText(line.profileName) ||
    !isText(line.channel) ||
    !isEncoding ||
    command === null ||
    !isCount(line.sizeBytes) ||
    !isText(line.sentSha256) ||
    typeof line.isPayloadTruncated !== 'boolean' ||
    !isText(line.payload)
  ) {
    return null;
  }
  const common = {
    attemptId: line.attemptId,
    at,
    profileId: line.profileId,
    profileName: line.profileName,
    channel: line.channel,
    encoding: line.encoding as PublishEncoding,
    command,
    sizeBytes: line.sizeBytes,
    payload: line.payload,
    isPayloadTruncated: line.isPayloadTruncated,
    sentSha256: line.sentSha256,
  };
  if (line.outcome === 'delivered' && isCount(line.receivers)) {
    const ownReceivers = isCount(line.ownReceivers) ? Math.min(line.ownReceivers, line.receivers) : 0;
    return { ...common, outcome: 'delivered', receivers: line.receivers, ownReceivers };
  }
  if ((line.outcome === 'unknown' || line.outcome === 'failed') && isText(line.reason)) return { ...common, outcome: line.outcome, reason: line.reason };
  return null;
}

/** The longest prefix of `text` whose UTF-8 fits in `maxBytes`, cut between characters, never inside one. */
export function capUtf8(text: string, maxBytes: number): { text: string; isTruncated: boolean } {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    const size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    if (bytes + size > maxBytes) return { text: text.slice(0, end), isTruncated: true };
    bytes += size;
    end += char.length;
  }
  return { text, isTruncated: false };
}

function isText(value: unknown): value is string {
  return typeof value === 'string';
}

function isCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0;
}
