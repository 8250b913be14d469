import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { unpack } from 'msgpackr';
import { EegUserTraffic } from '../../src/bus/simulator/eegTraffic';
import { LabTraffic, type LabMessage } from '../../src/bus/simulator/labTraffic';

/** Replaces every primitive by its type name, so a test can compare shapes of random-valued messages. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shapeOf(inner)]));
  }
  return value === null ? 'null' : typeof value;
}

function parse(message: LabMessage): { channel: string; value: Record<string, unknown> } {
  return { channel: message.channel, value: JSON.parse(message.payload.toString('utf8')) };
}

const NOW_MS = Date.UTC(2025, 2, 14, 9, 30, 0, 125);

describe('LabTraffic', () => {
  test('device telemetry: one ISO-stamped envelope per device', () => {
    const messages = new LabTraffic(1).telemetry(NOW_MS).map(parse);
    const first = messages[0]!;
    assert.deepEqual(
      {
        devices: messages.map(({ value }) => (value.data as { device_id: string }).device_id),
        channels: [...new Set(messages.map(({ channel }) => channel))],
        timestamp: first.value.timestamp,
        shape: shapeOf(first.value),
      },
      {
        devices: ['mushroom1', 'mushroom2', 'incubator-3'],
        channels: ['devices:telemetry'],
        timestamp: '2025-03-14T09:30:00.125Z',
        shape: {
          seq: 'number',
          channel: 'string',
          source: 'string',
          timestamp: 'string',
          data: { device_id: 'string', telemetry: { temperature: 'number', humidity: 'number', co2: 'number', tvoc: 'number' } },
        },
      },
    );
  });

  test('telemetry varies smoothly from one second to the next', () => {
    const lab = new LabTraffic(5);
    const temperatures = Array.from({ length: 30 }, (_, second) => {
      const [first] = lab.telemetry(NOW_MS + second * 1000).map(parse);
      return (first!.value.data as { telemetry: { temperature: number } }).telemetry.temperature;
    });
    const largestStep = Math.max(...temperatures.slice(1).map((value, index) => Math.abs(value - temperatures[index]!)));
    assert.ok(largestStep < 0.5 && new Set(temperatures).size > 1, `largest step ${largestStep}`);
  });

  test('every lab channel has its LAB_TRAFFIC shape and its own timestamp format', () => {
    const lab = new LabTraffic(2);
    const [routing, queued] = lab.routing(NOW_MS).map(parse);
    const shapes = {
      experiment: shapeOf(parse(lab.experiments(NOW_MS)[0]!).value),
      monitor: shapeOf(parse(lab.agentMonitor(NOW_MS)[0]!).value),
      agent: shapeOf(parse(lab.agentStatus(NOW_MS)).value),
      routing: shapeOf(routing!.value),
      queued: queued!.value,
      progress: shapeOf(parse(lab.taskProgress()[0]!).value),
      alert: shapeOf(parse(lab.alert(NOW_MS)).value),
      crep: shapeOf({ ...parse(lab.crep(NOW_MS)).value, data: {} }),
    };
    assert.deepEqual(shapes, {
      experiment: {
        seq: 'number',
        channel: 'string',
        source: 'string',
        timestamp: 'number',
        data: { experiment_id: 'string', data: { growth_rate: 'number', biomass: 'number', ph: 'number' } },
      },
      monitor: {
        seq: 'number',
        channel: 'string',
        source: 'string',
        timestamp: 'number',
        data: { agent_id: 'string', status: 'string', tasks_completed: 'number', errors: 'number', cpu_percent: 'number', memory_mb: 'number' },
      },
      agent: { seq: 'number', type: 'string', payload: { agentId: 'string', name: 'string', status: 'string', load: 'number', timestamp: 'number' } },
      routing: {
        seq: 'number',
        type: 'string',
        payload: {
          taskId: 'string',
          agent: { id: 'string', name: 'string', strengths: ['string', 'string'], cost: 'number', latency: 'number' },
          complexityScore: { d_var: 'number', factors: { data_size: 'number', novelty: 'number', dependencies: 'number' } },
          reason: 'string',
          timestamp: 'string',
        },
      },
      queued: { seq: 1, task_id: 'task-0001', status: 'queued', message: queued!.value.message, progress: 0 },
      progress: { seq: 'number', task_id: 'string', status: 'string', message: 'string', progress: 'number' },
      alert: { seq: 'number', channel: 'string', source: 'string', timestamp: 'string', data: { alert_id: 'string', severity: 'string', component: 'string', message: 'string' } },
      crep: { seq: 'number', type: 'string', source: 'string', timestamp: 'number', data: {} },
    });
  });

  test('each channel numbers its messages from 1 (seq), on its own', () => {
    const lab = new LabTraffic(4);
    const telemetry = [...lab.telemetry(NOW_MS), ...lab.telemetry(NOW_MS + 1000)].map((message) => parse(message).value.seq);
    const alerts = [lab.alert(NOW_MS), lab.alert(NOW_MS)].map((message) => parse(message).value.seq);
    assert.deepEqual({ telemetry, alerts }, { telemetry: [1, 2, 3, 4, 5, 6], alerts: [1, 2] });
  });

  test('a routed task progresses to 100 and then leaves the story', () => {
    const lab = new LabTraffic(3);
    lab.routing(NOW_MS);
    const updates: { status: string; progress: number }[] = [];
    for (let second = 0; second < 20; second++) updates.push(...lab.taskProgress().map((message) => parse(message).value as { status: string; progress: number }));
    const last = updates.at(-1)!;
    assert.deepEqual(
      { isMonotonic: updates.every((update, index) => index === 0 || update.progress >= updates[index - 1]!.progress), last: { status: last.status === 'running' ? 'running' : 'finished', progress: last.progress } },
      { isMonotonic: true, last: { status: 'finished', progress: 100 } },
    );
  });
});

describe('EegUserTraffic', () => {
  test('publishes MessagePack raw, features and prediction messages in the relay shapes', () => {
    const user = new EegUserTraffic({ userId: 'demo1', channelCount: 3, rateHz: 250, seed: 9 });
    const raw = unpack(user.nextRawPayload(1_741_944_600.004)) as { channels: Record<string, number> };
    const features = unpack(user.featuresPayload(NOW_MS));
    const prediction = unpack(user.predictionPayload(NOW_MS));
    assert.deepEqual(
      { channels: user.channels, raw: { ...raw, channels: shapeOf(raw.channels) }, features: shapeOf(features), prediction: shapeOf(prediction) },
      {
        channels: ['user:demo1:raw', 'user:demo1:features', 'user:demo1:predictions'],
        raw: { type: 'raw', seq: 1, timestamp: 1_741_944_600.004, channels: { Ch0: 'number', Ch1: 'number', Ch2: 'number' } },
        features: {
          type: 'string',
          seq: 'number',
          timestamp: 'number',
          window_s: 'number',
          band_power: { delta: 'number', theta: 'number', alpha: 'number', beta: 'number', gamma: 'number' },
          metrics: { engagement: 'number', workload_index: 'number', alpha_theta_ratio: 'number' },
        },
        prediction: {
          type: 'string',
          seq: 'number',
          prediction_type: 'string',
          data: { workload: 'number', valence: 'number', arousal: 'number' },
          confidence: 'number',
          source: 'string',
          timestamp: 'number',
        },
      },
    );
  });
});
