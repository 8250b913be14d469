/**
 * The dead-letters feature's slice of the contract: dead-letter streams
 * found by name, their entries, moving pending entries in, replaying them
 * exactly once, discarding them, and bulk runs of replay or discard.
 *
 * Layout of a dead letter written by Labwire (docs/ARCHITECTURE.md "Dead
 * letters"): the first field pair is `dlq:v1` = N, the count of bookkeeping
 * pairs (itself included); the next N-1 pairs are `dlq:reason`,
 * `dlq:origin`, `dlq:original_id`, `dlq:deliveries`, `dlq:moved_at`,
 * `dlq:group`, `dlq:consumer`; every pair after them is the original entry's,
 * byte for byte, whatever its names (even an original `dlq:reason`).
 */
import type { DisplayText } from '../liveChannels';
import { arrayOf, boolean, idCheck, integer, nullable, oneOf, optional, shape, string, variants, type Check } from '../requestChecks';
import { request } from '../requestSlice';

/** A stream entry id as Redis writes it: milliseconds-sequence. */
export const streamIdCheck: Check<string> = (value, path) =>
  typeof value === 'string' && /^\d{1,20}-\d{1,20}$/.test(value) ? null : `${path} must be a stream entry id such as 1700000000000-0`;

/** Stream key names: up to 64 KiB of text. */
const streamKeyCheck = string(64 * 1024);

/** Most ids one request may name; larger selections go through a bulk run over the whole stream. */
export const MAX_IDS_PER_REQUEST = 10_000;
/** Most dead-letter entries one page holds. */
export const MAX_DEAD_LETTER_PAGE = 200;

export interface DeadLetterStream {
  key: string;
  /** The origin stream its name points at (by the profile's templates). */
  origin: string;
  /** XLEN now. */
  count: number;
  /** False when no key by the origin's name exists: a replay would create it. */
  isOriginPresent: boolean;
}

export interface DeadLetterList {
  streams: DeadLetterStream[];
  /** Keys SCAN looked at; the scan stops at MAX_SCANNED_KEYS (bus side) and says so. */
  scannedKeys: number;
  isScanComplete: boolean;
}

export interface DeadLetterField {
  name: DisplayText;
  value: DisplayText;
  /** The value decoded by the live feed's decoders, compact and cut (JSON, MessagePack, text or "binary, N bytes"). */
  preview: string;
}

/** Where a dead letter's facts came from: Labwire's own layout, a producer's plain fields, or neither. */
export type DeadLetterLayout = 'labwire' | 'producer' | 'unknown';

export interface DeadLetter {
  id: string;
  layout: DeadLetterLayout;
  reason: string | null;
  /** Delivery count when it was moved, as XPENDING reported it. */
  deliveries: number | null;
  /** The stream a replay writes to: from the entry, else from the dead-letter stream's name; null when neither says. */
  origin: string | null;
  originalId: string | null;
  /** Epoch milliseconds when it was moved. */
  movedAtMs: number | null;
  group: string | null;
  /** The original entry's fields (bookkeeping removed), at most MAX_FIELDS_SHOWN of them. */
  fields: DeadLetterField[];
  /** All of the original's fields, shown or not. */
  fieldCount: number;
}

export interface DeadLetterPage {
  entries: DeadLetter[];
  /** XLEN of the dead-letter stream when read. */
  total: number;
  /** Pass as `beforeId` for the next (older) page; null at the oldest. */
  nextBeforeId: string | null;
}

export type MoveOutcome =
  | { id: string; state: 'moved'; deadLetterId: string; deliveries: number }
  | { id: string; state: 'not-pending' }
  | { id: string; state: 'failed'; message: string };

export type ReplayOutcome =
  | { id: string; state: 'replayed'; newId: string; origin: string }
  /** The ledger remembers this dead letter's replay: `newId` is the entry that replay added. */
  | { id: string; state: 'already'; newId: string }
  | { id: string; state: 'missing' }
  | { id: string; state: 'failed'; message: string };

export type BulkAction = 'replay' | 'discard';
export type BulkSelection = { kind: 'ids'; ids: string[] } | { kind: 'all' };

export interface BulkPlan {
  action: BulkAction;
  dlqKey: string;
  /** Entries the run would act on (present now). */
  total: number;
  /** For replay: where they would go, largest first. */
  perOrigin: Array<{
    origin: string;
    count: number;
    isOriginPresent: boolean;
    /** False when a Redis Cluster would put the origin and the dead-letter stream in different slots (name them {tag} and {tag}:dlq). */
    isSameSlot: boolean;
  }>;
  /** Named ids the ledger says were replayed already (their replay answers "already"). */
  alreadyReplayed: number;
  /** Named ids no longer in the dead-letter stream and not in the ledger. */
  missing: number;
  /** Entries no origin can be found for: a replay fails them. */
  withoutOrigin: number;
  /** One sentence: "2 entries would go to lab:tasks". */
  summary: string;
}

export type BulkRunState = 'running' | 'stopping' | 'stopped' | 'finished' | 'failed';

export interface BulkRunStatus {
  runId: string;
  profileId: string;
  dlqKey: string;
  action: BulkAction;
  state: BulkRunState;
  /** From the plan made at start; a whole-stream run may find more or fewer. */
  planned: number;
  done: number;
  already: number;
  failed: number;
  /** The first failures with their reasons (at most MAX_FAILURES_KEPT). */
  failures: Array<{ id: string; message: string }>;
  /** Why the run ended early, for 'failed'. */
  problem?: string;
}

export type DeadLettersEvent = { type: 'dlq:bulkProgress'; status: BulkRunStatus };

const ids = arrayOf(streamIdCheck, MAX_IDS_PER_REQUEST);
const selection = variants('kind', {
  ids: shape({ kind: oneOf(['ids']), ids }),
  all: shape({ kind: oneOf(['all']) }),
}) as Check<BulkSelection>;
const bulkAction = oneOf(['replay', 'discard'] as const);

export interface BulkRunRequest {
  profileId: string;
  dlqKey: string;
  action: BulkAction;
  selection: BulkSelection;
  isConfirmed: boolean;
  /** For discard: the dead-letter stream's key, typed. */
  typedConfirmation?: string;
}

export const DEAD_LETTERS_REQUESTS = {
  /** Dead-letter streams by name (SCAN TYPE stream, bounded); `origin` narrows to one origin's. */
  'dlq:list': request<{ profileId: string; origin?: string }, DeadLetterList>(shape({ profileId: idCheck, origin: optional(streamKeyCheck) })),
  /** Newest first, `count` per page, older than `beforeId` when given. */
  'dlq:entries': request<{ profileId: string; dlqKey: string; beforeId: string | null; count: number }, DeadLetterPage>(
    shape({ profileId: idCheck, dlqKey: streamKeyCheck, beforeId: nullable(streamIdCheck), count: integer(1, MAX_DEAD_LETTER_PAGE) }),
  ),
  /** Pending entries of `group` in `origin` to its dead-letter stream `dlqKey`, one atomic script each. */
  'dlq:move': request<
    { profileId: string; origin: string; group: string; dlqKey: string; ids: string[]; reason: string; isConfirmed: boolean },
    { outcomes: MoveOutcome[] }
  >(shape({ profileId: idCheck, origin: streamKeyCheck, group: string(64 * 1024), dlqKey: streamKeyCheck, ids, reason: string(4096), isConfirmed: boolean })),
  /** Each dead letter back to its origin exactly once (idempotency ledger `<dlqKey>:replayed`). */
  'dlq:replay': request<{ profileId: string; dlqKey: string; ids: string[]; isConfirmed: boolean }, { outcomes: ReplayOutcome[] }>(
    shape({ profileId: idCheck, dlqKey: streamKeyCheck, ids, isConfirmed: boolean }),
  ),
  /** XDEL of the named dead letters; `typedConfirmation` must equal `dlqKey`. */
  'dlq:discard': request<
    { profileId: string; dlqKey: string; ids: string[]; isConfirmed: boolean; typedConfirmation: string },
    { deleted: number }
  >(shape({ profileId: idCheck, dlqKey: streamKeyCheck, ids, isConfirmed: boolean, typedConfirmation: streamKeyCheck })),
  /** Dry run: what a bulk run would do, changing nothing. */
  'dlq:bulkPlan': request<{ profileId: string; dlqKey: string; action: BulkAction; selection: BulkSelection }, BulkPlan>(
    shape({ profileId: idCheck, dlqKey: streamKeyCheck, action: bulkAction, selection }),
  ),
  /** Starts a paced run; progress comes as `dlq:bulkProgress` events. */
  'dlq:bulkRun': request<BulkRunRequest, BulkRunStatus>(
    shape({ profileId: idCheck, dlqKey: streamKeyCheck, action: bulkAction, selection, isConfirmed: boolean, typedConfirmation: optional(streamKeyCheck) }),
  ),
  /** Asks a run to stop after the chunk in flight; answers its status then. */
  'dlq:bulkStop': request<{ runId: string }, BulkRunStatus>(shape({ runId: idCheck })),
  /** A run's status (runs are kept after they end, the newest MAX_RUNS_KEPT). */
  'dlq:bulkStatus': request<{ runId: string }, BulkRunStatus>(shape({ runId: idCheck })),
};
