/**
 * The publish audit log: `<dataDir>/audit/publish.jsonl`, one line per
 * publish that reached the server (auditLine.ts), in the shared rotating
 * JSON-lines log (audit/jsonLinesLog.ts).
 */
import { join } from 'node:path';
import { AUDIT_FOLDER, JsonLinesLog, type AuditLogLimits, type LogLoad } from '../audit/jsonLinesLog';
import { formatAuditLine, parseAuditLine, type PublishEntry } from './auditLine';

export { AUDIT_FOLDER, KEPT_ROTATED_FILES, MAX_FILE_BYTES, MAX_LOAD_BYTES, type AuditLogLimits } from '../audit/jsonLinesLog';
export const AUDIT_FILE_NAME = 'publish.jsonl';

export type AuditLoad = LogLoad<PublishEntry>;

export class PublishAuditLog extends JsonLinesLog<PublishEntry> {
  constructor(dataDir: string, limits: Partial<AuditLogLimits> = {}) {
    super({ folder: join(dataDir, AUDIT_FOLDER), fileName: AUDIT_FILE_NAME, label: 'publish audit log', format: formatAuditLine, parse: parseAuditLine }, limits);
  }
}
