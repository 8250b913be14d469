/** Which action dialog is open, and what each one says and needs before it can be confirmed. Pure. */
import { countWords } from '../../../../../shared/countWords';
import { formatDuration, parseDuration } from './idleText';

export type GroupDialog =
  | { kind: 'ack'; group: string; ids: string[] }
  | { kind: 'claim'; group: string; ids: string[] }
  | { kind: 'autoclaim'; group: string; minIdleMs: number }
  | { kind: 'create' }
  | { kind: 'setId'; group: string; lastDeliveredId: string }
  | { kind: 'destroy'; group: string; pending: number }
  | { kind: 'deleteConsumer'; group: string; consumer: string; pending: number };

/** What the operator types in the dialog. */
export interface DialogFields {
  consumer: string;
  groupName: string;
  minIdle: string;
  id: string;
  typedName: string;
  isStreamMade: boolean;
}

export const EMPTY_FIELDS: DialogFields = { consumer: '', groupName: '', minIdle: '1 min', id: '$', typedName: '', isStreamMade: false };

const ID_PATTERN = /^\d{1,20}(-\d{1,20})?$/;

/** The "Set last id…" button's tooltip: the Redis words (operators search for XGROUP SETID) and what it does to the data. */
export function setIdHint(group: string): string {
  return `Set last id (XGROUP SETID): choose the entry after which group ${group} goes on reading. An earlier id delivers entries again, a later one skips them. No entry is deleted.`;
}

/** The "Autoclaim idle entries…" button's tooltip: XAUTOCLAIM in plain words. */
export function autoclaimHint(minIdleMs: number): string {
  return `Autoclaim (XAUTOCLAIM): give every pending entry that has waited at least ${formatDuration(minIdleMs)} to a consumer you name, for example when a worker has stopped. The entries stay in the stream; only the consumer that must process them changes.`;
}

export function dialogText(dialog: GroupDialog, streamKey: string): { title: string; message: string; confirmLabel: string; isDangerous: boolean } {
  switch (dialog.kind) {
    case 'ack':
      return {
        title: `Acknowledge ${countWords(dialog.ids.length, 'entry', 'entries')}?`,
        message: `Group ${dialog.group} will treat them as done: they leave its pending list and are never redelivered. The entries stay in ${streamKey}.`,
        confirmLabel: 'Acknowledge',
        isDangerous: false,
      };
    case 'claim':
      return {
        title: `Claim ${countWords(dialog.ids.length, 'entry', 'entries')}?`,
        message: `They move to the consumer you name, if they have been idle at least as long as the minimum below. That consumer must then process and acknowledge them.`,
        confirmLabel: 'Claim',
        isDangerous: false,
      };
    case 'autoclaim':
      return {
        title: 'Autoclaim idle entries: give them to another consumer?',
        message: `Pending entries of group ${dialog.group} that have waited at least the minimum below go to the consumer you name (up to 100, oldest first); that consumer must then process and acknowledge them. The entries stay in ${streamKey}. Pending entries whose data was already deleted from the stream cannot be given to anyone: Redis drops them from the pending list, and they are listed afterwards.`,
        confirmLabel: 'Autoclaim',
        isDangerous: false,
      };
    case 'create':
      return {
        title: `Create a consumer group on ${streamKey}?`,
        message: 'Start from $ (only entries added from now on), 0 (everything already in the stream) or an entry id (entries after it).',
        confirmLabel: 'Create group',
        isDangerous: false,
      };
    case 'setId':
      return {
        title: `Set the last id of group ${dialog.group}: where it goes on reading?`,
        message: `The group has been given every entry up to ${dialog.lastDeliveredId} (its last-delivered id). Its consumers will next get the entries after the id you set: an earlier id delivers entries again (they may be processed twice), a later one skips entries (this group never gets them). No entry is deleted from ${streamKey}, and entries already pending stay pending.`,
        confirmLabel: 'Set last id',
        isDangerous: true,
      };
    case 'destroy':
      return {
        title: `Destroy group ${dialog.group}?`,
        message: `The group, its consumers and its ${dialog.pending} pending entries are forgotten; workers reading with this group will fail. The entries stay in ${streamKey}. Type the group's name to confirm.`,
        confirmLabel: 'Destroy group',
        isDangerous: true,
      };
    case 'deleteConsumer':
      return {
        title: `Delete consumer ${dialog.consumer}?`,
        message:
          dialog.pending > 0
            ? `Its ${dialog.pending} pending entries go with it: nobody will be redelivered them. Claim them to another consumer first if they still need processing.`
            : 'It has no pending entries.',
        confirmLabel: 'Delete consumer',
        isDangerous: dialog.pending > 0,
      };
  }
}

/** Why the dialog cannot be confirmed yet, or null. */
export function blockedBecause(dialog: GroupDialog, fields: DialogFields): string | null {
  switch (dialog.kind) {
    case 'claim':
    case 'autoclaim':
      if (fields.consumer.trim() === '') return 'Name the consumer that should take the entries.';
      return parseDuration(fields.minIdle) === null ? 'Minimum idle: a number with a unit, such as 30 s or 5 min.' : null;
    case 'create':
      if (fields.groupName.trim() === '') return 'Name the new group.';
      return isStartId(fields.id) ? null : 'Start from $, 0 or an entry id such as 1712345678901-0.';
    case 'setId':
      return isStartId(fields.id) ? null : 'Enter $, 0 or an entry id such as 1712345678901-0.';
    case 'destroy':
      return fields.typedName === dialog.group ? null : `Type ${dialog.group} exactly to confirm.`;
    default:
      return null;
  }
}

function isStartId(text: string): boolean {
  const trimmed = text.trim();
  return trimmed === '$' || trimmed === '0' || ID_PATTERN.test(trimmed);
}
