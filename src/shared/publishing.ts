/** Publishing commands to a channel, and the audit trail of every publish. */

export type PublishEncoding = 'json' | 'msgpack' | 'text';
export const PUBLISH_ENCODINGS: readonly PublishEncoding[] = ['json', 'msgpack', 'text'];

export interface PublishRequest {
  profileId: string;
  channel: string;
  /** As typed in the editor; JSON text for 'json' and 'msgpack' (encoded by the bus), any text for 'text'. */
  payload: string;
  encoding: PublishEncoding;
  /** Unique per attempt, made by the UI. A retry is a new attempt the user chose. */
  attemptId: string;
  /** The user confirmed a publish to a production profile. */
  isConfirmed: boolean;
}

export type PublishOutcome =
  /** Redis answered: this many subscribers received it (0: nobody was listening). */
  | { outcome: 'delivered'; receivers: number }
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
