import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { blockedBecause, dialogText, EMPTY_FIELDS, type GroupDialog } from '../../../src/renderer/src/features/streams/groups/groupDialogs';

describe('group action dialogs', () => {
  test('destroy waits for the exact group name; claim for a consumer and a readable idle time; set id for a valid id', () => {
    const destroy: GroupDialog = { kind: 'destroy', group: 'workers', pending: 3 };
    const claim: GroupDialog = { kind: 'claim', group: 'workers', ids: ['1-0'] };
    const setId: GroupDialog = { kind: 'setId', group: 'workers', lastDeliveredId: '5-0' };
    assert.deepStrictEqual(
      [
        blockedBecause(destroy, { ...EMPTY_FIELDS, typedName: 'Workers' }),
        blockedBecause(destroy, { ...EMPTY_FIELDS, typedName: 'workers' }),
        blockedBecause(claim, { ...EMPTY_FIELDS, consumer: ' ' }),
        blockedBecause(claim, { ...EMPTY_FIELDS, consumer: 'rescuer', minIdle: 'soon' }),
        blockedBecause(claim, { ...EMPTY_FIELDS, consumer: 'rescuer', minIdle: '5 min' }),
        blockedBecause(setId, { ...EMPTY_FIELDS, id: '12-x' }),
        blockedBecause(setId, { ...EMPTY_FIELDS, id: '1712345678901-3' }),
      ],
      [
        'Type workers exactly to confirm.',
        null,
        'Name the consumer that should take the entries.',
        'Minimum idle: a number with a unit, such as 30 s or 5 min.',
        null,
        'Enter $, 0 or an entry id such as 1712345678901-0.',
        null,
      ],
    );
  });

  test('deleting a consumer says how many pending entries go with it', () => {
    assert.match(dialogText({ kind: 'deleteConsumer', group: 'workers', consumer: 'stalled', pending: 4 }, 'lab:tasks').message, /^Its 4 pending entries go with it/);
  });
});
