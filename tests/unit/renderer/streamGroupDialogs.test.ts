import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { autoclaimHint, blockedBecause, dialogText, EMPTY_FIELDS, setIdHint, type GroupDialog } from '../../../src/renderer/src/features/streams/groups/groupDialogs';

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

describe('Redis words come with plain ones', () => {
  test('set last id and autoclaim keep the Redis command and say what happens to the entries', () => {
    const setId = dialogText({ kind: 'setId', group: 'workers', lastDeliveredId: '5-0' }, 'lab:tasks');
    const autoclaim = dialogText({ kind: 'autoclaim', group: 'workers', minIdleMs: 60_000 }, 'lab:tasks');
    assert.deepStrictEqual(
      { setIdHint: setIdHint('workers'), autoclaimHint: autoclaimHint(90_000), setId, autoclaim },
      {
        setIdHint: 'Set last id (XGROUP SETID): choose the entry after which group workers goes on reading. An earlier id delivers entries again, a later one skips them. No entry is deleted.',
        autoclaimHint:
          'Autoclaim (XAUTOCLAIM): give every pending entry that has waited at least 1 min 30 s to a consumer you name, for example when a worker has stopped. The entries stay in the stream; only the consumer that must process them changes.',
        setId: {
          title: 'Set the last id of group workers: where it goes on reading?',
          message:
            'The group has been given every entry up to 5-0 (its last-delivered id). Its consumers will next get the entries after the id you set: an earlier id delivers entries again (they may be processed twice), a later one skips entries (this group never gets them). No entry is deleted from lab:tasks, and entries already pending stay pending.',
          confirmLabel: 'Set last id',
          isDangerous: true,
        },
        autoclaim: {
          title: 'Autoclaim idle entries: give them to another consumer?',
          message:
            'Pending entries of group workers that have waited at least the minimum below go to the consumer you name (up to 100, oldest first); that consumer must then process and acknowledge them. The entries stay in lab:tasks. Pending entries whose data was already deleted from the stream cannot be given to anyone: Redis drops them from the pending list, and they are listed afterwards.',
          confirmLabel: 'Autoclaim',
          isDangerous: false,
        },
      },
    );
  });
});
