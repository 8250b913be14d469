import assert from 'node:assert/strict';
import { test } from 'node:test';
import { channelWarning, checkChannel, checkPayload, describeOutcome, outcomeShortText, replaceMessageId } from '../../../src/renderer/src/features/publish/publishDraft';
import type { PublishRecord } from '../../../src/shared/publishing';

const BASE = {
  attemptId: 'attempt-1',
  at: 0,
  profileId: 'profile-1',
  profileName: 'Bench Redis',
  channel: 'user:demo1:commands',
  encoding: 'json',
  command: 'publish',
  sizeBytes: 12,
  payload: '{}',
  isPayloadTruncated: false,
} as const;

test('payloads typed as JSON are checked before they can be sent; plain text always passes', () => {
  const broken = checkPayload('{"a": }', 'json');
  assert.deepStrictEqual(
    {
      json: checkPayload('{"a": 1}', 'json'),
      msgpack: checkPayload('[1, 2]', 'msgpack'),
      text: checkPayload('not json at all', 'text'),
      empty: checkPayload('  ', 'msgpack'),
      brokenState: broken.state,
      brokenStart: broken.state === 'invalid' ? broken.problem.startsWith('Not valid JSON: ') : false,
    },
    {
      json: { state: 'valid', note: 'Valid JSON.' },
      msgpack: { state: 'valid', note: 'Valid JSON, sent packed as MessagePack.' },
      text: { state: 'valid', note: 'Plain text: sent as typed.' },
      empty: { state: 'invalid', problem: 'The payload is empty. Type a JSON value, for example {} or "text".' },
      brokenState: 'invalid',
      brokenStart: true,
    },
  );
});

test('a channel still holding {id} is not published to', () => {
  assert.deepStrictEqual(
    ['', 'user:{id}:commands', 'user:demo1:commands'].map(checkChannel),
    ['Enter the channel to publish to.', 'Replace {id} in the channel with the user or device id, for example user:demo1:commands.', null],
  );
});

test('outcomes say how many received it, warn about nobody listening, and offer a retry only when unknown', () => {
  const records: PublishRecord[] = [
    { ...BASE, outcome: 'delivered', receivers: 3, ownReceivers: 0 },
    { ...BASE, outcome: 'delivered', receivers: 1, ownReceivers: 0 },
    { ...BASE, outcome: 'delivered', receivers: 0, ownReceivers: 0 },
    { ...BASE, outcome: 'unknown', reason: "Sent, but the server's answer was lost (no answer within 5 s). It may or may not have arrived." },
    { ...BASE, outcome: 'failed', reason: 'User jamie may not publish to user:demo1:commands on this server, so nothing was published.' },
  ];
  assert.deepStrictEqual(
    records.map((record) => ({ ...describeOutcome(record), short: outcomeShortText(record) })),
    [
      { tone: 'success', title: 'Delivered to 3 subscribers', detail: 'Published on user:demo1:commands.', shouldOfferRetry: false, short: 'Delivered to 3 subscribers' },
      { tone: 'success', title: 'Delivered to 1 subscriber', detail: 'Published on user:demo1:commands.', shouldOfferRetry: false, short: 'Delivered to 1 subscriber' },
      {
        tone: 'warning',
        title: 'Nobody listening',
        detail: 'Redis accepted the message on user:demo1:commands, but no client is subscribed to it, so nobody received it.',
        shouldOfferRetry: false,
        short: 'Nobody listening',
      },
      {
        tone: 'warning',
        title: 'Sent, but the answer was lost — it may or may not have arrived',
        detail: "Sent, but the server's answer was lost (no answer within 5 s). It may or may not have arrived. Check whether it had its effect before publishing again.",
        shouldOfferRetry: true,
        short: 'Outcome unknown',
      },
      {
        tone: 'error',
        title: 'Not published',
        detail: 'User jamie may not publish to user:demo1:commands on this server, so nothing was published.',
        shouldOfferRetry: false,
        short: 'Not published',
      },
    ],
  );
});

test("Labwire's own lanes and plots are not counted as listeners, and are said when they were the only ones", () => {
    const records: PublishRecord[] = [
    { ...BASE, outcome: 'delivered', receivers: 1, ownReceivers: 1 },
    { ...BASE, outcome: 'delivered', receivers: 3, ownReceivers: 2 },
  ];
  assert.deepStrictEqual(
    records.map((record) => ({ ...describeOutcome(record), short: outcomeShortText(record) })),
    [
      {
        tone: 'warning',
        title: 'Nobody listening but Labwire itself',
        detail:
          "Redis accepted the message on user:demo1:commands, but no other client is subscribed to it. Redis counted 1 subscriber: Labwire's own lane or plot on this connection.",
        shouldOfferRetry: false,
        short: 'Nobody listening but Labwire itself',
      },
      {
        tone: 'success',
        title: 'Delivered to 1 subscriber besides Labwire itself',
        detail: "Published on user:demo1:commands. Redis counted 3 subscribers, 2 of them Labwire's own lanes and plots on this connection.",
        shouldOfferRetry: false,
        short: 'Delivered to 1 subscriber besides Labwire itself',
      },
    ],
  );
});

test('a channel name with spaces or control characters is allowed, with a warning', () => {
  assert.deepStrictEqual(
    ['user:demo1:commands', 'lab commands', ' lab', 'lab\tcommands', 'lab\u0007'].map(channelWarning),
    [
      null,
      'The channel name has a space. Redis allows it, but subscribers must use exactly the same name, spaces included.',
      'The channel name starts or ends with a space. Redis allows it, but subscribers must use exactly the same name, spaces included.',
      'The channel name has a control character (shown as an escape). Redis allows it, but a subscriber must use exactly the same bytes.',
      'The channel name has a control character (shown as an escape). Redis allows it, but a subscriber must use exactly the same bytes.',
    ],
  );
  assert.deepStrictEqual(['lab commands', 'lab\u0007'].map(checkChannel), [null, null]);
});

test('a template message id is swapped for a fresh one everywhere it appears', () => {
  const previous = '0b6f1c9e-3a41-4f55-9d0e-2a7c1b9e8f10';
  assert.equal(
    replaceMessageId(`{"message_id":"${previous}","echo":"${previous}"}`, previous, 'new-id'),
    '{"message_id":"new-id","echo":"new-id"}',
  );
});
