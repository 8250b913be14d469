/**
 * Stand-in StreamAudit until the groups feature's implementation (local
 * log + audit stream) is wired in busFeatures.ts: writes each record to the
 * Redis audit stream only, capped, and never rejects. Replace, don't grow.
 */
import type { Redis } from 'ioredis';
import type { Profile } from '../../../shared/profile';
import { AUDIT_STREAM_KEY, type AuditOutcome, type StreamAudit, type StreamActionRecord } from '../streamAudit';

const AUDIT_MAXLEN = 10_000;

export function createInterimStreamAudit(clientOf: (profileId: string) => Redis | undefined, profileOf: (profileId: string) => Profile | undefined): StreamAudit {
  return {
    async record(entry: StreamActionRecord): Promise<AuditOutcome> {
      const client = clientOf(entry.profileId);
      const problem = 'The local audit log is not written by this build (interim audit).';
      if (!client || client.status !== 'ready' || profileOf(entry.profileId)?.isReadOnly) {
        return { isLocalWritten: false, isRedisWritten: false, problem };
      }
      try {
        await client.xadd(AUDIT_STREAM_KEY, 'MAXLEN', '~', AUDIT_MAXLEN, '*', 'action', entry.action, 'stream', entry.stream, 'summary', entry.summary, 'ids', entry.ids.slice(0, 100).join(' '), 'at', String(Date.now()));
        return { isLocalWritten: false, isRedisWritten: true, problem };
      } catch (error) {
        return { isLocalWritten: false, isRedisWritten: false, problem: `${problem} Redis refused the audit stream: ${error instanceof Error ? error.message : String(error)}` };
      }
    },
  };
}
