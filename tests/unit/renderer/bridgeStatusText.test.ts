import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emptyBridgeCounters, type BridgeStatus } from '../../../src/shared/bridges';
import { counterLines, describeBridgeState, formatPerSecond, lastErrorText, publishingNote } from '../../../src/renderer/src/features/bridges/bridgeStatusText';

const NOW = new Date(2026, 11, 3, 10, 41, 0).getTime();

function status(patch: Partial<BridgeStatus>): BridgeStatus {
  return {
    state: 'running',
    endpoint: '/dev/ttyUSB0',
    counters: emptyBridgeCounters(),
    buffered: { count: 0, bytes: 0, maxCount: 10_000, maxBytes: 8 * 1024 * 1024 },
    lastError: null,
    receiveOnlyReason: null,
    lastRecordPreview: null,
    lastByteAtMs: null,
    asOfMs: NOW,
    ...patch,
  };
}

describe('bridge status in words', () => {
  test('every state reads as words, with the silence, the reason or the error it carries', () => {
    const unplugged = { message: 'The device /dev/ttyUSB0 was unplugged; reopening in 2 s.', atMs: NOW - 3000 };
    assert.deepStrictEqual(
      [
        status({ state: 'stopped' }),
        status({ state: 'opening' }),
        status({ state: 'running' }),
        status({ state: 'paused' }),
        status({ state: 'stalled', lastByteAtMs: NOW - 12_400 }),
        status({ state: 'reopening', lastError: unplugged }),
        status({ state: 'failed', lastError: { message: 'No port /dev/ttyUSB9 on this computer.', atMs: NOW } }),
      ].map(describeBridgeState),
      [
        { label: 'stopped', tone: 'neutral' },
        { label: 'opening the device…', tone: 'busy' },
        { label: 'running', tone: 'good' },
        { label: 'paused: the device stays open; records are read but not published', tone: 'warning' },
        { label: 'stalled: no bytes for 12 s', tone: 'warning' },
        { label: 'reopening: The device /dev/ttyUSB0 was unplugged; reopening in 2 s.', tone: 'warning' },
        { label: 'failed: No port /dev/ttyUSB9 on this computer.', tone: 'bad' },
      ],
    );
  });

  test('each counter says what it counts, and only losses are marked as problems', () => {
    const counters = { ...emptyBridgeCounters(), recordsIn: 1204, recordsInPerSecond: 12, recordsPublished: 1200, recordsPublishedPerSecond: 11.96, bytesIn: 52_300, bytesInPerSecond: 1536, commandsOut: 1, bytesOut: 9, badRecords: 4, reopenCount: 1 };
    const lines = counterLines(counters, status({ counters, buffered: { count: 3, bytes: 2048, maxCount: 10_000, maxBytes: 8 * 1024 * 1024 } }), 'serial');
    assert.deepStrictEqual(lines, [
      { label: 'Records in', text: '1,204 records in · 12.0/s', isProblem: false },
      { label: 'Published', text: '1,200 records published · 12.0/s', isProblem: false },
      { label: 'Bytes in', text: '51.1 KiB in · 1.5 KiB/s', isProblem: false },
      { label: 'Commands', text: '1 command written · 9 B out', isProblem: false },
      { label: 'Bad records', text: '4 records unreadable, not published', isProblem: true },
      { label: 'Dropped', text: '0 records dropped while Redis was away', isProblem: false },
      { label: 'Failed commands', text: '0 commands the device did not take (not retried)', isProblem: false },
      { label: 'Sequence gaps', text: '0 missing sequence numbers', isProblem: false },
      { label: 'Reopened', text: '1 time', isProblem: true },
      { label: 'Waiting for Redis', text: '3 of 10,000 records · 2.0 KiB of 8.0 MiB', isProblem: true },
    ]);
  });

  test('a UDP bridge shows datagrams its receiver dropped on their own line, apart from drops while Redis was away', () => {
    const counters = { ...emptyBridgeCounters(), droppedRecords: 2, droppedByLink: 1530 };
    const lines = counterLines(counters, status({ counters }), 'udp');
    assert.deepStrictEqual(
      lines.filter((line) => line.label.startsWith('Dropped')),
      [
        { label: 'Dropped', text: '2 records dropped while Redis was away', isProblem: true },
        { label: 'Dropped on arrival', text: '1,530 datagrams dropped: the bus was busy', isProblem: true },
      ],
    );
    assert.deepStrictEqual(
      counterLines({ ...emptyBridgeCounters(), droppedByLink: 1 }, status({}), 'udp').find((line) => line.label === 'Dropped on arrival')?.text,
      '1 datagram dropped: the bus was busy',
    );
  });

  test('a serial bridge shows reads its port process dropped, and no such line while none were', () => {
    const dropped = { ...emptyBridgeCounters(), droppedByLink: 3 };
    assert.deepStrictEqual(
      [dropped, emptyBridgeCounters()].map((counters) => counterLines(counters, status({ counters }), 'serial').find((line) => line.label === 'Dropped on arrival') ?? null),
      [{ label: 'Dropped on arrival', text: '3 reads from the port dropped: the bus was busy', isProblem: true }, null],
    );
  });

  test('rates always carry one decimal so they never read as counts', () => {
    assert.deepStrictEqual([0, 0.04, 12, 1234.56].map(formatPerSecond), ['0.0/s', '0.0/s', '12.0/s', '1,234.6/s']);
  });

  test('the last error carries its clock time; a read-only or disconnected profile says records are not published', () => {
    assert.deepStrictEqual(
      [
        lastErrorText(status({ lastError: { message: 'Unplugged.', atMs: NOW } })),
        lastErrorText(status({})),
        publishingNote('receive-only: the profile is read-only', true, 10_000),
        publishingNote(null, false, 10_000),
        publishingNote(null, true, 10_000),
      ],
      [
        'Unplugged. (at 10:41:00)',
        null,
        'receive-only: the profile is read-only (records are shown in lanes; nothing is published and no commands are written).',
        'not connected: records are shown, not published; up to 10,000 wait for Redis, older ones are dropped and counted.',
        null,
      ],
    );
  });
});
