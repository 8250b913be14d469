/**
 * The consumer-groups feature's slice of the contract: the groups of a
 * stream with their consumers and lag, the pending-entries explorer, and the
 * operator's actions on them (ack, claim, autoclaim, group changes, a
 * guarded trim). Every action carries `isConfirmed: true` (the panel asks
 * first; the bus refuses without it), is refused on read-only profiles, and
 * is audited; its answer says where the audit landed.
 */
import { arrayOf, boolean, idCheck, integer, oneOf, optional, shape, string, variants } from '../requestChecks';
import { request } from '../requestSlice';
import type { StreamEntry } from '../streamEntries';

/** Stream keys and group and consumer names, as Redis allows far more than anyone types. */
const keyCheck = string(64 * 1024);
const nameCheck = string(1024);
/** `<ms>-<seq>`, `<ms>`, or the specials `-`, `+`, `$`, `0`: checked in words by the bus. */
const entryIdCheck = string(64);
/** Entries one action touches; a selection in the panel is a page, at most this. */
export const MAX_IDS_PER_ACTION = 1_000;
/** Rows of one page of the pending explorer. */
export const MAX_PENDING_PAGE = 500;
/** Pending entries the delivery-count histogram looks at, at most. */
export const HISTOGRAM_SAMPLE_LIMIT = 10_000;
/** Consumers listed per group; more are counted. */
export const MAX_CONSUMERS_LISTED = 200;
/** Idle time is up to ~290 million years in milliseconds; the check keeps it to a safe integer. */
const idleCheck = integer(0, Number.MAX_SAFE_INTEGER);

/** Where an action's audit record landed (the bus's StreamAudit outcome). */
export interface ActionAudit {
  isLocalWritten: boolean;
  isRedisWritten: boolean;
  /** Why one of the two was not written, in plain words; absent when both were. */
  problem?: string;
}

/** One record of the streams audit, as the audit view shows it. */
export interface StreamAuditRecord {
  /** ISO 8601, UTC. */
  at: string;
  /** ack, claim, autoclaim, group-create, group-set-id, consumer-delete, group-destroy, trim, dlq-move, dlq-replay, dlq-discard. */
  action: string;
  operator: string;
  stream: string;
  group: string;
  ids: string[];
  idCount: number;
  summary: string;
  /** refused: Redis refused it; `refusal` says why when the writer gave the reason apart from the summary. */
  outcome: 'done' | 'refused';
  refusal?: string;
}

export interface StreamAuditPage {
  /** Newest first, at most the limit asked. */
  records: StreamAuditRecord[];
  /** Records of this profile (and stream) the view holds; the files may hold older ones. */
  matched: number;
  /** Why the log files could not be read back, in words. */
  problem?: string;
}

/** Records one audit request returns at most. */
export const MAX_AUDIT_PAGE = 500;

export interface GroupConsumer {
  name: string;
  /** Entries delivered to this consumer and not yet acknowledged. */
  pending: number;
  /** Milliseconds since the consumer last tried to read or claim (XINFO CONSUMERS `idle`). */
  idleMs: number;
  /** Milliseconds since its last successful read or claim; null where the server does not report it (before Redis 7.2). */
  inactiveMs: number | null;
}

/** How far a group is behind the stream's newest entry. */
export type GroupLag =
  | { kind: 'known'; entries: number }
  /** Redis answered nil: entries were deleted or trimmed between the group's position and the end, so it cannot count. */
  | { kind: 'unknown'; reason: string };

export interface ConsumerGroupInfo {
  name: string;
  /** At most MAX_CONSUMERS_LISTED, most pending first. */
  consumers: GroupConsumer[];
  consumerCount: number;
  /** Entries delivered to the group's consumers and not acknowledged (its pending entries list). */
  pending: number;
  lastDeliveredId: string;
  /** Entries the group has read since it was created (the logical read counter); null when Redis does not know. */
  entriesRead: number | null;
  lag: GroupLag;
}

export interface StreamGroups {
  key: string;
  /** Entries in the stream now. */
  length: number;
  /** Entries ever added (XINFO STREAM entries-added): counts deleted and trimmed entries too. */
  entriesAdded: number;
  /** Newest deleted or trimmed id; "0-0" when nothing was ever removed. */
  maxDeletedEntryId: string;
  firstEntryId: string | null;
  lastEntryId: string | null;
  groups: ConsumerGroupInfo[];
  /** What lag counts, in one sentence for the panel. */
  lagExplained: string;
  /** The server's version and the newer stream commands it offers (empty on 7.0). */
  server: { version: string; offered: string[] };
}

export interface PendingRow {
  id: string;
  consumer: string;
  idleMs: number;
  /** Times the entry was delivered (XPENDING's delivery counter). */
  deliveries: number;
  /** The entry as the Entries tab shows it; null: no longer in the stream (deleted or trimmed while pending). */
  entry: StreamEntry | null;
}

export interface DeliveryBucket {
  /** "1", "2", "3–5", "6–10", "11–100", "over 100". */
  label: string;
  count: number;
}

export interface PendingPage {
  /** Pending entries of the group (XPENDING summary), whatever the filters. */
  total: number;
  perConsumer: { consumer: string; count: number }[];
  rows: PendingRow[];
  /** Rows the server returned for this page before the minimum-deliveries filter (done in the bus). */
  scanned: number;
  /** Pass as `start` for the next page; null when this page reached the end. */
  nextStart: string | null;
  histogram: {
    buckets: DeliveryBucket[];
    /** Pending entries the histogram covers (the oldest first, up to HISTOGRAM_SAMPLE_LIMIT). */
    covered: number;
    /** True when it covers every pending entry of the filter. */
    isComplete: boolean;
  };
}

export type TrimLimit = { kind: 'maxLen'; maxLen: number } | { kind: 'minId'; minId: string };

export interface TrimCheck {
  length: number;
  /** Entries the trim would remove (exact trim). */
  wouldRemove: number;
  /** Of those, pending in each group: un-acknowledged work the trim would cut. */
  pendingCut: { group: string; count: number; lag: GroupLag }[];
  totalPendingCut: number;
  /** The sentence the panel shows before asking. */
  warning: string;
}

/** What every action names: where, and that the operator confirmed it. */
export interface ActionBase {
  profileId: string;
  key: string;
  isConfirmed: boolean;
}

const base = { profileId: idCheck, key: keyCheck, isConfirmed: boolean };

const trimLimitCheck = variants('kind', {
  maxLen: shape({ kind: oneOf(['maxLen']), maxLen: integer(0, Number.MAX_SAFE_INTEGER) }),
  minId: shape({ kind: oneOf(['minId']), minId: entryIdCheck }),
});

export const STREAM_GROUPS_REQUESTS = {
  'groups:list': request<{ profileId: string; key: string }, StreamGroups>(shape({ profileId: idCheck, key: keyCheck })),
  'groups:pending': request<
    {
      profileId: string;
      key: string;
      group: string;
      consumer?: string;
      minIdleMs?: number;
      minDeliveries?: number;
      /** Inclusive, or exclusive as `(id` (what `nextStart` gives); default `-`. */
      start?: string;
      end?: string;
      count: number;
    },
    PendingPage
  >(
    shape({
      profileId: idCheck,
      key: keyCheck,
      group: nameCheck,
      consumer: optional(nameCheck),
      minIdleMs: optional(idleCheck),
      minDeliveries: optional(integer(1, Number.MAX_SAFE_INTEGER)),
      start: optional(string(65)),
      end: optional(entryIdCheck),
      count: integer(1, MAX_PENDING_PAGE),
    }),
  ),
  /** The streams audit of a profile (of one stream when named), newest first, read back from the local log. */
  'groups:audit': request<{ profileId: string; stream?: string; limit: number }, StreamAuditPage>(
    shape({ profileId: idCheck, stream: optional(keyCheck), limit: integer(1, MAX_AUDIT_PAGE) }),
  ),
  'groups:ack': request<ActionBase & { group: string; ids: string[] }, { acknowledged: number; requested: number; audit: ActionAudit }>(
    shape({ ...base, group: nameCheck, ids: arrayOf(entryIdCheck, MAX_IDS_PER_ACTION) }),
  ),
  'groups:claim': request<
    ActionBase & { group: string; consumer: string; minIdleMs: number; ids: string[] },
    { claimed: string[]; notClaimed: string[]; deleted: string[]; audit: ActionAudit }
  >(shape({ ...base, group: nameCheck, consumer: nameCheck, minIdleMs: idleCheck, ids: arrayOf(entryIdCheck, MAX_IDS_PER_ACTION) })),
  'groups:autoclaim': request<
    ActionBase & { group: string; consumer: string; minIdleMs: number; start: string; count: number },
    { claimed: string[]; deleted: string[]; nextStart: string; audit: ActionAudit }
  >(shape({ ...base, group: nameCheck, consumer: nameCheck, minIdleMs: idleCheck, start: entryIdCheck, count: integer(1, MAX_IDS_PER_ACTION) })),
  'groups:create': request<ActionBase & { group: string; startId: string; isStreamMade: boolean }, { audit: ActionAudit }>(
    shape({ ...base, group: nameCheck, startId: entryIdCheck, isStreamMade: boolean }),
  ),
  'groups:setId': request<ActionBase & { group: string; id: string }, { audit: ActionAudit }>(shape({ ...base, group: nameCheck, id: entryIdCheck })),
  'groups:deleteConsumer': request<ActionBase & { group: string; consumer: string }, { pendingDropped: number; audit: ActionAudit }>(
    shape({ ...base, group: nameCheck, consumer: nameCheck }),
  ),
  'groups:destroy': request<ActionBase & { group: string; typedName: string }, { audit: ActionAudit }>(
    shape({ ...base, group: nameCheck, typedName: nameCheck }),
  ),
  'groups:trimCheck': request<{ profileId: string; key: string; limit: TrimLimit }, TrimCheck>(
    shape({ profileId: idCheck, key: keyCheck, limit: trimLimitCheck }),
  ),
  'groups:trim': request<ActionBase & { limit: TrimLimit; isLossAccepted: boolean }, { removed: number; pendingCut: number; audit: ActionAudit }>(
    shape({ ...base, limit: trimLimitCheck, isLossAccepted: boolean }),
  ),
};
