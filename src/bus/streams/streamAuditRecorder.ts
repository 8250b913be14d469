/**
 * The StreamAudit the stream features write through: every record goes to
 * the local log `<dataDir>/audit/streams.jsonl` (rotating, 0600, bounded:
 * audit/jsonLinesLog.ts) and, when the profile may write and the ACL allows,
 * to the Redis stream AUDIT_STREAM_KEY with an approximate MAXLEN bound
 * (`MAXLEN ~ AUDIT_STREAM_MAX_ENTRIES`: LabwireClient trims whole nodes, so it may
 * keep a few hundred more). A failure of either is reported in the outcome,
 * never thrown: the action already happened and the operator must see it.
 */
import { join } from 'node:path';
import type { LabwireClient } from '../connections/connectClient';
import { UNNAMED_OPERATOR, type Profile } from '../../shared/profile';
import { AUDIT_FOLDER, JsonLinesLog, type AuditLogLimits } from '../audit/jsonLinesLog';
import type { StreamAuditPage } from '../../shared/features/streamGroupsContract';
import { AUDIT_STREAM_KEY, isRefusalSummary, type AuditOutcome, type StreamActionRecord, type StreamAudit } from './streamAudit';

export const STREAM_AUDIT_FILE_NAME = 'streams.jsonl';
/** The audit stream keeps about this many records (approximate trim). */
export const AUDIT_STREAM_MAX_ENTRIES = 100_000;
/** Ids written per record; the full count is kept in `idCount`. */
export const MAX_AUDITED_IDS = 100;
/** Characters of a summary and of the detail JSON kept per record. */
const MAX_SUMMARY_CHARS = 1_000;
const MAX_DETAIL_CHARS = 16 * 1024;
/** The audit XADD gets this long before it is reported as not written. */
const AUDIT_WRITE_DEADLINE_MS = 5_000;
/** Records the audit view can show, newest kept; older ones stay in the files. */
export const MAX_RECENT_AUDIT_RECORDS = 2_000;
/** How much of the log files is read back for the audit view at first use. */
const RECENT_LOAD_BYTES = 2 * 1024 * 1024;

/** One audit record as written, locally and (as fields) in Redis. */
export interface StreamAuditLine {
  /** ISO 8601, UTC. */
  at: string;
  action: StreamActionRecord['action'];
  operator: string;
  profileId: string;
  profileName: string;
  stream: string;
  group: string;
  /** At most MAX_AUDITED_IDS. */
  ids: string[];
  idCount: number;
  summary: string;
  /** JSON of the record's detail, capped. */
  detail: string;
  /** refused: LabwireClient refused the action (`refusal` says why); absent in lines written before failures were audited. */
  outcome?: 'done' | 'refused';
  refusal?: string;
}

export interface StreamAuditOptions {
  dataDir: string;
  profileOf(profileId: string): Profile | undefined;
  commandClient(profileId: string): LabwireClient | undefined;
  now?: () => number;
  logLimits?: Partial<AuditLogLimits>;
}

export class StreamAuditRecorder implements StreamAudit {
  private readonly log: JsonLinesLog<StreamAuditLine>;

  constructor(private readonly options: StreamAuditOptions) {
    this.log = new JsonLinesLog<StreamAuditLine>(
      {
        folder: join(options.dataDir, AUDIT_FOLDER),
        fileName: STREAM_AUDIT_FILE_NAME,
        label: 'streams audit log',
        format: (line) => `${JSON.stringify(line)}\n`,
        parse: parseStreamAuditLine,
      },
      options.logLimits,
    );
  }

  get localPath(): string {
    return this.log.path;
  }

  /** Read from the files at the first `recent` call, then kept up to date by `record`; bounded. */
  private recentLines: StreamAuditLine[] | null = null;
  private recentProblem: string | undefined;

  async record(entry: StreamActionRecord): Promise<AuditOutcome> {
    const profile = this.options.profileOf(entry.profileId);
    const line = toAuditLine(entry, profile, (this.options.now ?? Date.now)());
    if (this.recentLines !== null) {
      this.recentLines.push(line);
      if (this.recentLines.length > MAX_RECENT_AUDIT_RECORDS) this.recentLines.splice(0, this.recentLines.length - MAX_RECENT_AUDIT_RECORDS);
    }
    const [local, redis] = await Promise.all([this.log.append(line), this.writeToRedis(line, profile)]);
    const problems = [local.ok ? null : local.error.message, redis];
    const problem = problems.filter((text): text is string => text !== null).join(' ');
    return { isLocalWritten: local.ok, isRedisWritten: redis === null, ...(problem === '' ? {} : { problem }) };
  }

  /** The newest records of a profile (of one stream when named), newest first, for the audit view. */
  recent(profileId: string, stream: string | undefined, limit: number): StreamAuditPage {
    if (this.recentLines === null) {
      const load = this.log.loadSync(RECENT_LOAD_BYTES);
      this.recentLines = load.entries.slice(-MAX_RECENT_AUDIT_RECORDS);
      this.recentProblem = load.error;
    }
    const records = [];
    let matched = 0;
    for (let index = this.recentLines.length - 1; index >= 0; index--) {
      const line = this.recentLines[index]!;
      if (line.profileId !== profileId || (stream !== undefined && line.stream !== stream)) continue;
      matched++;
      if (records.length < limit) records.push({ ...line, outcome: line.outcome ?? (isRefusalSummary(line.summary) ? 'refused' : 'done') });
    }
    return { records, matched, ...(this.recentProblem === undefined ? {} : { problem: this.recentProblem }) };
  }

  async dispose(): Promise<void> {
    await this.log.close();
  }

  /** null when written; else why not, in words. */
  private async writeToRedis(line: StreamAuditLine, profile: Profile | undefined): Promise<string | null> {
    if (!profile) return 'The audit was not written to Redis: the profile no longer exists.';
    if (profile.isReadOnly) return `The audit was not written to Redis: "${profile.name}" is read-only.`;
    const client = this.options.commandClient(profile.id);
    if (!client) return `The audit was not written to the Redis stream ${AUDIT_STREAM_KEY}: Labwire is not connected to "${profile.name}".`;
    const fields = Object.entries({ ...line, ids: line.ids.join(' '), idCount: String(line.idCount) }).flat();
    try {
      await withTimeout(client.xadd(AUDIT_STREAM_KEY, 'MAXLEN', '~', AUDIT_STREAM_MAX_ENTRIES, '*', ...fields), AUDIT_WRITE_DEADLINE_MS);
      return null;
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if (text.startsWith('NOPERM')) {
        const user = profile.username === '' ? 'default' : profile.username;
        return `The audit was not written to the Redis stream ${AUDIT_STREAM_KEY}: the Redis user "${user}" may not run XADD on it. Ask the lab admin to grant +xadd on ~${AUDIT_STREAM_KEY}; the local audit log has the record.`;
      }
      return `The audit was not written to the Redis stream ${AUDIT_STREAM_KEY} (${text}); the local audit log has the record.`;
    }
  }
}

function toAuditLine(entry: StreamActionRecord, profile: Profile | undefined, now: number): StreamAuditLine {
  const operator = profile?.operatorName.trim() ?? '';
  const detail = JSON.stringify(entry.detail ?? {});
  return {
    at: new Date(now).toISOString(),
    action: entry.action,
    operator: operator === '' ? UNNAMED_OPERATOR : operator,
    profileId: entry.profileId,
    profileName: profile?.name ?? '',
    stream: entry.stream,
    group: entry.group ?? '',
    ids: entry.ids.slice(0, MAX_AUDITED_IDS),
    idCount: entry.ids.length,
    summary: entry.summary.slice(0, MAX_SUMMARY_CHARS),
    detail: detail.length <= MAX_DETAIL_CHARS ? detail : JSON.stringify({ isCut: true, start: detail.slice(0, MAX_DETAIL_CHARS) }),
    outcome: entry.refusal !== undefined || isRefusalSummary(entry.summary) ? 'refused' : 'done',
    ...(entry.refusal === undefined ? {} : { refusal: entry.refusal.slice(0, MAX_SUMMARY_CHARS) }),
  };
}

/** A line of streams.jsonl, or null when it is not one (cut short by a crash, edited by hand). */
export function parseStreamAuditLine(text: string): StreamAuditLine | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const line = value as Record<string, unknown>;
  const texts = ['at', 'action', 'operator', 'profileId', 'profileName', 'stream', 'group', 'summary', 'detail'];
  if (!texts.every((key) => typeof line[key] === 'string')) return null;
  if (!Array.isArray(line.ids) || !line.ids.every((id) => typeof id === 'string') || typeof line.idCount !== 'number') return null;
  return value as StreamAuditLine;
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
