import { useState } from 'react';
import { callBus } from '../../../api/callBus';
import { describeError } from '../../../api/requestError';
import { useLabwireApi } from '../../../transport/transportContext';
import { outcome, type ActionOutcome } from './actionOutcome';
import { countWords } from '../../../../../shared/countWords';
import type { DialogFields, GroupDialog } from './groupDialogs';
import { parseDuration } from './idleText';

/** Runs a confirmed dialog's action on the bus and keeps its answer in words; `onDone` reloads the lists. */
export function useGroupAction(profileId: string, key: string, onDone: () => void) {
  const api = useLabwireApi();
  const [result, setResult] = useState<{ outcome: ActionOutcome | null; error: string | null }>({ outcome: null, error: null });
  const base = { profileId, key, isConfirmed: true };

  const perform = async (dialog: GroupDialog, fields: DialogFields): Promise<ActionOutcome> => {
    const minIdleMs = parseDuration(fields.minIdle) ?? 0;
    switch (dialog.kind) {
      case 'ack': {
        const answer = await callBus(api, 'groups:ack', { ...base, group: dialog.group, ids: dialog.ids });
        const gone = answer.requested - answer.acknowledged;
        return outcome(`Acknowledged ${answer.acknowledged} of ${countWords(answer.requested, 'entry', 'entries')}${gone > 0 ? ` (${gone} were no longer pending)` : ''}.`, answer.audit);
      }
      case 'claim': {
        const answer = await callBus(api, 'groups:claim', { ...base, group: dialog.group, consumer: fields.consumer.trim(), minIdleMs, ids: dialog.ids });
        const skipped = answer.notClaimed.length > 0 ? ` ${answer.notClaimed.length} were not claimed: no longer pending, or idle for less than ${fields.minIdle}.` : '';
        return outcome(`Gave ${countWords(answer.claimed.length, 'entry', 'entries')} to ${fields.consumer.trim()}.${skipped}`, answer.audit, answer.deleted);
      }
      case 'autoclaim': {
        const answer = await callBus(api, 'groups:autoclaim', { ...base, group: dialog.group, consumer: fields.consumer.trim(), minIdleMs, start: '0', count: 100 });
        const more = answer.nextStart !== '0-0' ? ' More idle entries remain: run autoclaim again.' : '';
        return outcome(`Autoclaimed ${countWords(answer.claimed.length, 'idle entry', 'idle entries')} for ${fields.consumer.trim()}.${more}`, answer.audit, answer.deleted);
      }
      case 'create': {
        const answer = await callBus(api, 'groups:create', { ...base, group: fields.groupName.trim(), startId: fields.id.trim(), isStreamMade: fields.isStreamMade });
        return outcome(`Created group ${fields.groupName.trim()}.`, answer.audit);
      }
      case 'setId': {
        const answer = await callBus(api, 'groups:setId', { ...base, group: dialog.group, id: fields.id.trim() });
        return outcome(`Group ${dialog.group} now continues after ${fields.id.trim()}.`, answer.audit);
      }
      case 'destroy': {
        const answer = await callBus(api, 'groups:destroy', { ...base, group: dialog.group, typedName: fields.typedName });
        return outcome(`Destroyed group ${dialog.group}.`, answer.audit);
      }
      case 'deleteConsumer': {
        const answer = await callBus(api, 'groups:deleteConsumer', { ...base, group: dialog.group, consumer: dialog.consumer });
        return outcome(`Deleted consumer ${dialog.consumer}; ${countWords(answer.pendingDropped, 'pending entry', 'pending entries')} went with it.`, answer.audit);
      }
    }
  };

  return {
    outcome: result.outcome,
    error: result.error,
    run(dialog: GroupDialog, fields: DialogFields): void {
      setResult({ outcome: null, error: null });
      perform(dialog, fields).then(
        (done) => {
          setResult({ outcome: done, error: null });
          onDone();
        },
        (error: unknown) => setResult({ outcome: null, error: describeError(error) }),
      );
    },
  };
}
