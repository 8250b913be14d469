import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { recognizeEnvelopeAt } from '../../src/bus/decode/envelope';

const AT_MS = Date.UTC(2025, 2, 14, 9, 30, 0, 125);

describe('recognizeEnvelopeAt', () => {
  test('recognises every LAB_TRAFFIC shape and reads its publish time', () => {
    const results = [
      {
        channel: 'devices:telemetry',
        source: 'device-manager',
        timestamp: '2025-03-14T09:30:00.125Z',
        data: { device_id: 'mushroom1', telemetry: { temperature: 23.1 } },
      },
      { channel: 'experiments:data', source: 'lab-sensors', timestamp: AT_MS, data: { experiment_id: 'EXP-0412' } },
      { type: 'agent_status', payload: { agentId: 'a1', name: 'Vision', status: 'busy', load: 0.4, timestamp: AT_MS / 1000 } },
      {
        id: 'm-1',
        from: 'orchestrator',
        to: 'broadcast',
        type: 'task_request',
        payload: '{"task":"x"}',
        timestamp: '2025-03-14T10:30:00.125+01:00',
        priority: 'high',
        ttl: '60',
        correlation_id: 'c-1',
      },
      { type: 'raw', timestamp: AT_MS / 1000, channels: { Ch0: 1 } },
      { type: 'prediction', prediction_type: 'cognitive_state', data: { workload: 0.3 }, source: 'demo-model', timestamp: AT_MS / 1000 },
      { task_id: 't-1', status: 'running', message: 'Half way.', progress: 50 },
      { type: 'aviation', source: 'crep-collector', ts: String(AT_MS * 1000) },
      [1, 2],
      'text',
      null,
    ].map((value) => recognizeEnvelopeAt(value, AT_MS));
    assert.deepEqual(results, [
      { shape: 'channelEnvelope', source: 'device-manager', publishedAt: AT_MS },
      { shape: 'channelEnvelope', source: 'lab-sensors', publishedAt: AT_MS },
      { shape: 'typedPayload', type: 'agent_status', publishedAt: AT_MS },
      { shape: 'streamEnvelope', type: 'task_request', source: 'orchestrator', publishedAt: AT_MS },
      { shape: 'typedRecord', type: 'raw', publishedAt: AT_MS },
      { shape: 'typedRecord', type: 'prediction', source: 'demo-model', publishedAt: AT_MS },
      { shape: 'plainObject' },
      { shape: 'typedRecord', type: 'aviation', source: 'crep-collector', publishedAt: AT_MS },
      { shape: 'notAnObject' },
      { shape: 'notAnObject' },
      { shape: 'notAnObject' },
    ]);
  });

  test('a publish time more than a day after the receive time is none, however late the clock reads it', () => {
    const hourMs = 60 * 60 * 1000;
    const envelopes = [AT_MS + hourMs, AT_MS + 25 * hourMs].map((timestamp) => ({ channel: 'devices:telemetry', timestamp, data: {} }));
    assert.deepEqual(
      envelopes.map((value) => recognizeEnvelopeAt(value, AT_MS)),
      [{ shape: 'channelEnvelope', publishedAt: AT_MS + hourMs }, { shape: 'channelEnvelope' }],
    );
  });
});
