/**
 * Every change an operator makes to streams (ack, claim, group changes, dead
 * letter moves, replays, discards) is written twice: to an audit stream in
 * Redis, when the ACL allows, and to the local audit log in the data folder.
 * The stream features call `record`; it never throws.
 */

export type StreamAction =
  | 'ack'
  | 'claim'
  | 'autoclaim'
  | 'group-create'
  | 'group-set-id'
  | 'consumer-delete'
  | 'group-destroy'
  | 'trim'
  | 'dlq-move'
  | 'dlq-replay'
  | 'dlq-discard';

export interface StreamActionRecord {
  action: StreamAction;
  profileId: string;
  /** The stream acted on (for a replay: the dead-letter stream). */
  stream: string;
  group?: string;
  /** Entry ids the action touched; long lists are cut by the audit, with the count kept. */
  ids: readonly string[];
  /** One sentence a technician reads: "Replayed 2 dead letters to orders", "Refused: NOPERM ...". */
  summary: string;
  /** Set when Redis refused the action: its reason, in words. The record then says what was tried. */
  refusal?: string;
  /** Small extra facts (new ids, deleted ids, consumer, target stream). */
  detail?: Readonly<Record<string, string | number | boolean | readonly string[]>>;
}

/** Where the record landed: the local log always tries, the Redis stream only when allowed. */
export interface AuditOutcome {
  isLocalWritten: boolean;
  isRedisWritten: boolean;
  /** Why one of the two was not written, in plain words; absent when both were. */
  problem?: string;
}

export interface StreamAudit {
  /** Adds the operator's name (from the profile) and the time; never rejects. */
  record(entry: StreamActionRecord): Promise<AuditOutcome>;
}

/**
 * A refusal recorded before `refusal` existed, or by a writer that only says
 * so in its summary (the dead-letter service writes "Refused: …").
 */
export function isRefusalSummary(summary: string): boolean {
  return /^Refused\b/.test(summary);
}

/** The Redis stream the audit is written to, per profile's database. */
export const AUDIT_STREAM_KEY = 'labwire:audit';
