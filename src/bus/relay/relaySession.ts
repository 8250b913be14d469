/** What the relay asks of a protocol (labwire-json or Foxglove) for one client. */
import type { RelayListener } from './relaySubscriptions';

export interface RelaySession extends RelayListener {
  /** Sends what the protocol says first (Foxglove's server info and channels); nothing for labwire-json. */
  open(): void;
  handleText(text: string): void;
  handleBinary(bytes: Buffer): void;
  /** The channels and patterns the client holds, as shown in the client list. */
  subscriptionNames(): string[];
  /** Leaves every target; the client is gone. */
  dispose(): void;
}

/** Where a session reports a client's mistake or a refusal, for the relay's "last error". */
export type ProblemReporter = (clientId: string, problem: string) => void;

/** Reads one client frame as a JSON object; a string in words when it is not one. */
export function parseClientObject(text: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'The relay reads JSON text frames; this one is not JSON.';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'The relay reads JSON objects; this frame is not one.';
  return value as Record<string, unknown>;
}

/** A field the client set itself (never one inherited from Object.prototype). */
export function ownField(object: Record<string, unknown>, name: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, name) ? object[name] : undefined;
}
