/** The bridge runtime's small parts: the bounded publish buffer, the rate window, draft validation in words. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateBridgeDraft } from '../../src/bus/bridges/bridgeValidation';
import { PublishBuffer } from '../../src/bus/bridges/publishBuffer';
import { RecordRate } from '../../src/bus/bridges/recordRate';
import { defaultBridgeRouting, defaultSerialSettings, defaultUdpSettings, type BridgeDraft } from '../../src/shared/bridges';

describe('PublishBuffer', () => {
  test('drops the oldest records beyond the count cap and says how many', () => {
    const buffer = new PublishBuffer({ maxCount: 3, maxBytes: 1_000_000 });
    const dropped = [1, 2, 3, 4, 5].map((n) => buffer.push({ channel: 'c', payload: Buffer.from(String(n)) }));
    assert.deepEqual(dropped, [0, 0, 0, 1, 1]);
    const left: string[] = [];
    for (let record = buffer.shift(); record; record = buffer.shift()) left.push(record.payload.toString());
    assert.deepEqual(left, ['3', '4', '5']);
    assert.equal(buffer.byteCount, 0);
  });

  test('keeps its bytes under the byte cap and refuses one record larger than the cap', () => {
    const buffer = new PublishBuffer({ maxCount: 1_000, maxBytes: 1_000 });
    let dropped = 0;
    for (let i = 0; i < 20; i++) dropped += buffer.push({ channel: 'c', payload: Buffer.alloc(100) });
    assert.ok(buffer.byteCount <= 1_000, `holds ${buffer.byteCount} bytes`);
    assert.equal(buffer.count + dropped, 20);
    assert.equal(buffer.push({ channel: 'c', payload: Buffer.alloc(2_000) }), 1);
  });
});

test('RecordRate averages the last whole seconds and falls to 0 after the window', () => {
  const rate = new RecordRate();
  for (let second = 0; second < 5; second++) rate.add(10, 100_000 + second * 1000 + 500);
  assert.equal(rate.perSecond(105_100), 10);
  assert.equal(rate.perSecond(112_000), 0);
});

test('RecordRate right after start is over the time since start, never 0 beside a count, never more than the count in the first second', () => {
  const startedAt = 100_700;
  const rate = new RecordRate();
  rate.add(9, 100_900);
  // 9 records 0.3 s after start: the first second counts whole, so 9/s rather than 30/s or 0/s.
  const seen = [rate.perSecond(101_000, startedAt)];
  // Then 10 records at 101.7 s, 102.7 s, … 107.7 s, the rate read as they come.
  const readAt: Record<number, number> = { 2: 102_700, 5: 106_000, 7: 107_800 };
  for (let second = 1; second <= 7; second++) {
    rate.add(10, 100_700 + second * 1000);
    const at = readAt[second];
    if (at !== undefined) seen.push(rate.perSecond(at, startedAt));
  }
  seen.push(rate.perSecond(113_800, startedAt));
  assert.deepStrictEqual(
    seen,
    // 2 s: 9 + 10 + 10 over 2 s; 5.3 s: 9 + 5 × 10 over 5.3 s; 7.1 s: the window of whole seconds 102..106; long after: 0.
    [9, 14.5, 59 / 5.3, 10, 0],
  );
});

describe('validateBridgeDraft', () => {
  const common = { name: 'Incubator board', framing: { kind: 'lines', ending: 'lf' }, format: { kind: 'json' }, routing: defaultBridgeRouting(), shouldStartWithProfile: false } as const;
  const serial = (change: Partial<ReturnType<typeof defaultSerialSettings>>): BridgeDraft => ({ ...common, kind: 'serial', serial: { ...defaultSerialSettings(), ...change } });
  const udp = (change: Partial<ReturnType<typeof defaultUdpSettings>>): BridgeDraft => ({ ...common, kind: 'udp', udp: { ...defaultUdpSettings(), ...change } });
  const problem = (draft: BridgeDraft) => {
    const result = validateBridgeDraft(draft);
    return result.ok ? null : { field: result.error.field, message: result.error.message };
  };

  test('a serial bridge needs a port path or VID and PID', () => {
    assert.equal(problem(serial({ path: '/dev/ttyUSB0' })), null);
    assert.equal(problem(serial({ vendorId: '2341', productId: '0043' })), null);
    assert.deepEqual(problem(serial({ vendorId: '2341' })), {
      field: 'serial.path',
      message: "Choose a serial port, or give the device's vendor and product id (VID/PID) so Labwire can find it.",
    });
  });

  test('a UDP bridge listens on an IP address, not a name', () => {
    assert.equal(problem(udp({ listenHost: '0.0.0.0' })), null);
    assert.equal(problem(udp({ listenHost: 'localhost' }))?.field, 'udp.listenHost');
    assert.equal(problem(udp({ commandHost: 'device.lab', commandPort: 9000 }))?.field, 'udp.commandHost');
    assert.equal(problem(udp({ sequencePath: 'a..b' }))?.field, 'udp.sequencePath');
  });

  test('a bridge needs a name and a channel template', () => {
    assert.equal(problem({ ...serial({ path: '/dev/ttyUSB0' }), name: '  ' })?.field, 'name');
    assert.equal(problem({ ...serial({ path: '/dev/ttyUSB0' }), routing: { ...defaultBridgeRouting(), channelTemplate: ' ' } })?.field, 'routing.channelTemplate');
  });
});
