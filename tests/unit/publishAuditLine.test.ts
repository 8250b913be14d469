import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { capUtf8, formatAuditLine, parseAuditLine, type PublishEntry } from '../../src/bus/publish/auditLine';
import { PublishHistory } from '../../src/bus/publish/publishHistory';

function entry(overrides: Partial<PublishEntry> = {}): PublishEntry {
  return {
    attemptId: 'attempt-1',
    at: Date.UTC(2025, 0, 2, 3, 4, 5, 678),
    profileId: 'lab2',
    profileName: 'Lab 2',
    channel: 'user:alex:commands',
    encoding: 'json',
    command: 'publish',
    sizeBytes: 17,
    payload: '{"command":"go"}\n',
    isPayloadTruncated: false,
    sentSha256: 'ab'.repeat(32),
    outcome: 'delivered',
    receivers: 2,
    ownReceivers: 0,
    ...overrides,
  } as PublishEntry;
}

describe('audit lines', () => {
  test('a line is one JSON object with fixed keys, and parses back to the same entry', () => {
    const delivered = entry();
    const { receivers: _receivers, ownReceivers: _ownReceivers, ...base } = entry({ channel: 'odd\nname ✓' }) as PublishEntry & { receivers: number; ownReceivers: number };
    const unknown: PublishEntry = { ...base, outcome: 'unknown', reason: 'Sent, but lost.' };
    const line = formatAuditLine(delivered);
    assert.deepStrictEqual(
      [line.endsWith('\n') && !line.slice(0, -1).includes('\n'), JSON.parse(line), parseAuditLine(line), parseAuditLine(formatAuditLine(unknown))],
      [
        true,
        {
          time: '2025-01-02T03:04:05.678Z',
          attemptId: 'attempt-1',
          profileId: 'lab2',
          profileName: 'Lab 2',
          channel: 'user:alex:commands',
          encoding: 'json',
          command: 'publish',
          sizeBytes: 17,
          outcome: 'delivered',
          summary: 'Delivered to 2 subscribers',
          receivers: 2,
          ownReceivers: 0,
          reason: null,
          sentSha256: 'ab'.repeat(32),
          isPayloadTruncated: false,
          payload: '{"command":"go"}\n',
        },
        delivered,
        unknown,
      ],
    );
  });

  test("the summary says the panel's words: Labwire's own subscriptions are not counted as listeners", () => {
    const summaries = [entry({ receivers: 0, ownReceivers: 0 }), entry({ receivers: 1, ownReceivers: 1 }), entry({ receivers: 3, ownReceivers: 2 }), entry({ receivers: 2, ownReceivers: 0 })].map(
      (each) => (JSON.parse(formatAuditLine(each)) as { summary: string }).summary,
    );
    assert.deepStrictEqual(summaries, ['Nobody listening', 'Nobody listening but Labwire itself', 'Delivered to 1 subscriber besides Labwire itself', 'Delivered to 2 subscribers']);
  });

  test('a line written before ownReceivers existed reads as none of them being Labwire', () => {
    const { ownReceivers: _ownReceivers, ...older } = JSON.parse(formatAuditLine(entry())) as Record<string, unknown>;
    assert.deepStrictEqual(parseAuditLine(JSON.stringify(older)), entry({ ownReceivers: 0 }));
  });

  test('a line written before the command was recorded reads as PUBLISH; SPUBLISH lines read back as SPUBLISH', () => {
    const { command: _command, ...older } = JSON.parse(formatAuditLine(entry())) as Record<string, unknown>;
    const sharded = entry({ command: 'spublish' });
    assert.deepStrictEqual([parseAuditLine(JSON.stringify(older)), parseAuditLine(formatAuditLine(sharded))], [entry({ command: 'publish' }), sharded]);
  });

  test('lines that are not entries are rejected, not guessed at', () => {
    const good = JSON.parse(formatAuditLine(entry())) as Record<string, unknown>;
    const lines = [
      '',
      '{"time":',
      '[1,2]',
      'null',
      JSON.stringify({ ...good, time: 'yesterday' }),
      JSON.stringify({ ...good, encoding: 'xml' }),
      JSON.stringify({ ...good, command: 'xadd' }),
      JSON.stringify({ ...good, outcome: 'delivered', receivers: null }),
      JSON.stringify({ ...good, outcome: 'failed', reason: null }),
      JSON.stringify({ ...good, sizeBytes: -1 }),
    ];
    assert.deepStrictEqual(lines.map(parseAuditLine), lines.map(() => null));
  });

  test('the kept payload is cut between characters, never inside one', () => {
    assert.deepStrictEqual(
      [capUtf8('abc', 3), capUtf8('abcd', 3), capUtf8('aé€', 5), capUtf8('a🧪b', 4), capUtf8('a🧪b', 5)],
      [
        { text: 'abc', isTruncated: false },
        { text: 'abc', isTruncated: true },
        { text: 'aé', isTruncated: true },
        { text: 'a', isTruncated: true },
        { text: 'a🧪', isTruncated: true },
      ],
    );
  });
});

describe('publish history', () => {
  test('keeps the newest per profile, newest first, and a bounded set of attempt ids', () => {
    const history = new PublishHistory(2, 3);
    for (const [index, profileId] of ['a', 'a', 'b', 'a', 'b'].entries()) history.add(entry({ attemptId: `t${index}`, profileId }));
    const ids = (profileId: string): string[] => history.list(profileId).map((item) => item.attemptId);
    assert.deepStrictEqual(
      [ids('a'), ids('b'), ids('none'), ['t0', 't1', 't2', 't3', 't4'].map((id) => history.attempt(id)?.attemptId ?? null)],
      [['t3', 't1'], ['t4', 't2'], [], [null, null, 't2', 't3', 't4']],
    );
  });
});
