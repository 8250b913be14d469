/** Publishing commands to a channel, and the audit trail of every publish. */

export type PublishEncoding = 'json' | 'msgpack' | 'text';
export const PUBLISH_ENCODINGS: readonly PublishEncoding[] = ['json', 'msgpack', 'text'];

/**
 * PUBLISH reaches every subscriber of the channel (on a Cluster, through
 * every node); SPUBLISH (Cluster profiles only) reaches the subscribers of
 * the channel's shard, those that used SSUBSCRIBE.
 */
import { countWords } from './countWords';
export type PublishCommand = 'publish' | 'spublish';
export const PUBLISH_COMMANDS: readonly PublishCommand[] = ['publish', 'spublish'];

/** What the publish panel says beside the choice; the bus's refusal uses the same words. */
export const SHARDED_PUBLISH_EXPLANATION = "Sharded publish (SPUBLISH) reaches subscribers of the channel's shard only";

export interface PublishRequest {
  profileId: string;
  channel: string;
  /** As typed in the editor; JSON text for 'json' and 'msgpack' (encoded by the bus), any text for 'text'. */
  payload: string;
  encoding: PublishEncoding;
  /** Absent means 'publish'. 'spublish' is refused unless the profile is a Cluster. */
  command?: PublishCommand;
  /** Unique per attempt, made by the UI. A retry is a new attempt the user chose. */
  attemptId: string;
  /** The user confirmed a publish to a production profile. */
  isConfirmed: boolean;
}

export type PublishOutcome =
  /**
   * Redis answered: `receivers` is PUBLISH's count, which includes Labwire's
   * own subscriptions on this profile (its lanes and plots: the channel's
   * subscription and each matching pattern count once each); `ownReceivers`
   * is how many of those were Labwire's. Others heard it: receivers − ownReceivers.
   * `ownBridgeNames`: Labwire's device bridges among them (each listens for
   * commands on the channel and writes them to its device); absent when none.
   * On a Cluster, PUBLISH counts only the subscribers of the node that took
   * it, and SPUBLISH those of the channel's shard.
   */
  | { outcome: 'delivered'; receivers: number; ownReceivers: number; ownBridgeNames?: string[] }
  /** Sent, but the reply was lost (timeout, connection dropped): it may or may not have arrived. */
  | { outcome: 'unknown'; reason: string }
  /** Not sent, or refused by the server. */
  | { outcome: 'failed'; reason: string };

export type PublishRecord = {
  attemptId: string;
  /** Epoch ms. */
  at: number;
  profileId: string;
  profileName: string;
  channel: string;
  encoding: PublishEncoding;
  /** The command sent; audit lines written before it existed read as 'publish'. */
  command: PublishCommand;
  sizeBytes: number;
  /** The payload text as typed, for "publish again" (the first 4 KiB). */
  payload: string;
  /** `payload` is only the start of what was sent: "publish again" must not offer it as the whole. */
  isPayloadTruncated: boolean;
  /** The audit log could not be written; the publish itself happened as the outcome says. */
  auditError?: string;
} & PublishOutcome;

export interface PublishTemplate {
  id: string;
  label: string;
  /** A channel, or a pattern with {id} for the user to fill. */
  channel: string;
  encoding: PublishEncoding;
  /** JSON text; "{{messageId}}" is replaced by a fresh id, "{{now}}" by epoch seconds. */
  payload: string;
}

/**
 * The outcome in a few words, the same in the publish panel, its history and
 * the audit log's `summary`, so a technician reading the log finds the words
 * the screen showed.
 */
export function publishOutcomeSummary(outcome: PublishOutcome): string {
  switch (outcome.outcome) {
    case 'delivered': {
      const others = Math.max(0, outcome.receivers - outcome.ownReceivers);
      if (others === 0 && outcome.ownBridgeNames !== undefined && outcome.ownBridgeNames.length > 0) return `Heard by Labwire's ${bridgeNamesText(outcome.ownBridgeNames)}`;
      if (others === 0) return outcome.ownReceivers > 0 ? 'Nobody listening but Labwire itself' : 'Nobody listening';
      return `Delivered to ${subscriberCount(others)}${outcome.ownReceivers > 0 ? ' besides Labwire itself' : ''}`;
    }
    case 'unknown':
      return 'Outcome unknown';
    case 'failed':
      return 'Not published';
  }
}

/** "bridge Incubator", "bridges A and B", "bridges A, B and C". */
function bridgeNamesText(names: readonly string[]): string {
  if (names.length === 1) return `bridge ${names[0]!}`;
  return `bridges ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
}

export function subscriberCount(count: number): string {
  return countWords(count, 'subscriber');
}
