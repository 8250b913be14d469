/** What the panel says after an action: the answer in words, deleted ids listed, and where the audit landed. Pure. */
import type { ActionAudit } from '../../../../../shared/features/streamGroupsContract';

export interface ActionOutcome {
  tone: 'success' | 'warning';
  text: string;
  /** Entries Redis reported deleted while pending: data the operator lost. */
  deletedIds: string[];
}

export function auditSentence(audit: ActionAudit): string | null {
  if (audit.isLocalWritten && audit.isRedisWritten) return null;
  return audit.problem ?? 'The audit was not fully written.';
}

export function outcome(text: string, audit: ActionAudit, deletedIds: string[] = []): ActionOutcome {
  const auditProblem = auditSentence(audit);
  return {
    tone: deletedIds.length > 0 || auditProblem ? 'warning' : 'success',
    text: auditProblem ? `${text} ${auditProblem}` : text,
    deletedIds,
  };
}
