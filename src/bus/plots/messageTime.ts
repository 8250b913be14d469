/** The publish time a decoded message carries at its top level, if any. */
import { readTimestampMs } from '../../shared/timestamp';

/** Where LAB_TRAFFIC publishers put it: `timestamp` (relays, envelopes), `ts` and `time` elsewhere. */
const TIMESTAMP_KEYS = ['timestamp', 'ts', 'time'] as const;

/** Epoch ms, or undefined when the message carries no plausible timestamp (judged against the receive time). */
export function messagePublishedAtMs(value: unknown, receivedAt: number): number | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || ArrayBuffer.isView(value)) return undefined;
  if (value instanceof Map) {
    for (const key of TIMESTAMP_KEYS) {
      const found = value.has(key) ? readTimestampMs(value.get(key), receivedAt) : undefined;
      if (found !== undefined) return found;
    }
    return undefined;
  }
  const fields = value as Record<string, unknown>;
  for (const key of TIMESTAMP_KEYS) {
    if (!Object.hasOwn(fields, key)) continue;
    const found = readTimestampMs(fields[key], receivedAt);
    if (found !== undefined) return found;
  }
  return undefined;
}
