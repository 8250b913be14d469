/**
 * The bridge's fast paths give the same bytes and the same refusals as the
 * long ones: the envelope made from a cached head equals
 * JSON.stringify(labEnvelope(…)) whatever changes between records, and an
 * ASCII JSON record read straight from its bytes is refused exactly when
 * decodePayload would refuse it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { publishedBytesOf } from '../../src/bus/bridges/publishBuffer';
import { labEnvelope, labEnvelopeHead } from '../../src/bus/bridges/records/labEnvelope';
import { createRecordReader, type ReadRecord } from '../../src/bus/bridges/records/recordReader';

test('the envelope around a record equals the written-out envelope as channel, source and time change', () => {
  const steps = [
    { channel: 'devices:a:telemetry', source: 'bench', at: 1_700_000_000_000 },
    { channel: 'devices:a:telemetry', source: 'bench', at: 1_700_000_000_000 },
    { channel: 'devices:b:telemetry', source: 'bench', at: 1_700_000_000_000 },
    { channel: 'devices:b:telemetry', source: 'other "quoted" ß', at: 1_700_000_000_000 },
    { channel: 'devices:b:telemetry', source: 'other "quoted" ß', at: 1_700_000_000_001 },
  ];
  for (const [index, step] of steps.entries()) {
    const text = `{"n":${index},"name":"x"}`;
    // As a waiting record holds it: the shared head and the record's own text, joined when published.
    const around = publishedBytesOf({ channel: step.channel, payload: Buffer.from(text), envelopeHead: labEnvelopeHead(step.channel, step.source, step.at) });
    assert.equal(around.toString('utf8'), JSON.stringify(labEnvelope(step.channel, step.source, step.at, { value: JSON.parse(text) as unknown })), `step ${index}`);
  }
});

test('ASCII and non-ASCII JSON records read the same way, and bad ones are refused in words', () => {
  const reader = createRecordReader({ kind: 'json' });
  const ascii = reader.read(Buffer.from('  {"device_id":"b1","t":22.25}\r'));
  assert.ok(ascii.ok);
  const read = ascii.value as ReadRecord & { value: unknown; jsonText?: Buffer };
  assert.deepEqual(read.value, { device_id: 'b1', t: 22.25 });
  assert.equal(read.jsonText?.toString(), '{"device_id":"b1","t":22.25}');
  const accented = reader.read(Buffer.from('{"room":"Kühlraum"}'));
  assert.ok(accented.ok);
  assert.deepEqual((accented.value as { value: unknown }).value, { room: 'Kühlraum' });
  const broken = reader.read(Buffer.from('{"t":22.25,}'));
  assert.ok(!broken.ok);
  assert.match(broken.error.message, /^The record is not JSON: /);
  const deep = reader.read(Buffer.from(`${'['.repeat(65)}${']'.repeat(65)}`));
  assert.ok(!deep.ok, 'nesting past the decode limit is refused on the fast path too');
  assert.match(deep.error.message, /deeper than 64 levels/);
});
