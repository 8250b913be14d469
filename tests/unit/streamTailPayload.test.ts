/** The stream tail's pure parts: an entry's payload bytes, id order, and what a resumed tail says it missed. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pack } from 'msgpackr';
import { payloadOfEntry } from '../../src/bus/sources/redisStream/entryPayload';
import { describeResume, type StreamFacts } from '../../src/bus/sources/redisStream/streamFacts';
import { compareStreamIds } from '../../src/bus/sources/redisStream/streamIds';
import { TailConsumer, type TailEntry } from '../../src/bus/sources/redisStream/tailConsumer';
import { deliverReply, releaseReply, type StreamReply } from '../../src/bus/sources/redisStream/tailDelivery';
import type { SourceMessage } from '../../src/bus/sources/messageSource';
import { readNumericFields } from '../../src/bus/plots/streamFields';

const fields = (...parts: (string | Buffer)[]): Buffer[] => parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : part));

describe('entry payload', () => {
  test('one field holding a JSON or MessagePack document passes its bytes on exactly; anything else is a field map', () => {
    const document = pack({ Ch0: 1.5 });
    const json = Buffer.from(' {"a":1}');
    assert.deepStrictEqual(
      {
        msgpack: payloadOfEntry(fields('data', document)).equals(document),
        json: payloadOfEntry(fields('payload', json)).equals(json),
        plain: payloadOfEntry(fields('celsius', '21.5')).toString(),
        binary: payloadOfEntry(fields('raw', Buffer.from([0xff, 0xfe]), 'ok', 'yes')).toString(),
        repeated: payloadOfEntry(fields('n', '1', 'n', '2', 'n', '3')).toString(),
        badName: payloadOfEntry(fields(Buffer.from([0xc3]), 'x', 'b', 'y')).toString(),
        empty: payloadOfEntry([]).toString(),
      },
      {
        msgpack: true,
        json: true,
        plain: '{"celsius":"21.5"}',
        binary: '{"raw":{"$base64":"//4="},"ok":"yes"}',
        repeated: '{"n":"1","n#2":"2","n#3":"3"}',
        badName: '{"$base64:ww==":"x","b":"y"}',
        empty: '{}',
      },
    );
  });
});

describe('stream ids', () => {
  test('compare by number, not by text, in both parts', () => {
    const ids = ['10-0', '9-5', '9-10', '18446744073709551615-0', '0-0', '9-9'];
    assert.deepStrictEqual([...ids].sort(compareStreamIds), ['0-0', '9-5', '9-9', '9-10', '10-0', '18446744073709551615-0']);
  });
});

describe('resume note', () => {
  const facts = (patch: Partial<StreamFacts>): StreamFacts => ({ exists: true, lastGeneratedId: '20-0', entriesAdded: 20, length: 20, firstEntryId: '1-0', maxDeletedId: '0-0', ...patch });

  test('counts entries trimmed past the last id read; nothing missed otherwise; XDEL, deletion and re-creation said plainly', () => {
    assert.deepStrictEqual(
      [
        describeResume(facts({}), '10-0', 10).note,
        describeResume(facts({ firstEntryId: '18-0', length: 3 }), '10-0', 10).note,
        describeResume(facts({ firstEntryId: '11-0', length: 10 }), '10-0', 10).note,
        describeResume(facts({ firstEntryId: null, length: 0 }), '10-0', 10).note,
        describeResume(facts({ maxDeletedId: '15-0', length: 19 }), '10-0', 10).note,
        describeResume({ ...facts({}), exists: false }, '10-0', 10),
        describeResume(facts({ lastGeneratedId: '5-0' }), '10-0', 10).restartFrom,
      ],
      [
        'Resumed from 10-0, nothing missed.',
        'Resumed from 10-0: 7 entries were trimmed from the stream while Labwire was away and could not be read.',
        'Resumed from 10-0, nothing missed.',
        'Resumed from 10-0: 10 entries were trimmed from the stream while Labwire was away and could not be read.',
        'Resumed from 10-0: some entries added after it were deleted while Labwire was away (XDEL) and could not be read.',
        { note: 'The stream was deleted while Labwire was away: entries added after 10-0 before it was deleted could not be read. Labwire waits for new entries.', restartFrom: '0-0' },
        '0-0',
      ],
    );
  });
});

describe('stream fields in plots', () => {
  test('numeric text at the top level becomes a number; other text and nested values stay', () => {
    const value: Record<string, unknown> = { a: '21.5', b: '-3e1', c: '0x10', d: ' 1', e: 'Infinity', f: '', g: { h: '2' }, i: '.5' };
    readNumericFields(value);
    assert.deepStrictEqual(value, { a: 21.5, b: -30, c: '0x10', d: ' 1', e: 'Infinity', f: '', g: { h: '2' }, i: 0.5 });
  });
});

describe('reply delivery', () => {
  test('a delivered reply is emptied afterwards; the messages keep their payloads, ids and order', () => {
    const name = Buffer.from('sensor', 'utf8');
    const entry: TailEntry = { key: 'sensor', name, mapKey: name.toString('latin1'), consumers: new Set(), state: { state: 'active', since: 0 }, lastId: '1-0', addedUpToLastId: 0, isResuming: false, checkNumber: 0, readGroup: '' };
    const received: SourceMessage[] = [];
    entry.consumers.add(new TailConsumer('lane', entry, (message) => received.push(message), () => undefined));
    const items: [Buffer, Buffer[]][] = [
      [Buffer.from('1-0'), fields('data', '{"n":0}')],
      [Buffer.from('2-0'), fields('data', '{"n":1}')],
      [Buffer.from('3-0'), fields('celsius', '21.5')],
    ];
    const reply: StreamReply[] = [[name, items]];
    deliverReply(new Map([[entry.mapKey, entry]]), reply, 7);
    releaseReply(reply);
    assert.deepStrictEqual(
      { reply: reply.length, items: items.length, lastId: entry.lastId, messages: received.map((message) => [message.entryId, message.payload.toString('utf8'), message.receivedAt]) },
      { reply: 0, items: 0, lastId: '3-0', messages: [['2-0', '{"n":1}', 7], ['3-0', '{"celsius":"21.5"}', 7]] },
    );
  });
});
