/**
 * The demo's non-EEG lab channels, in the shapes of LAB_TRAFFIC.md: device
 * telemetry, experiment sensors, the agent monitor and task router, task
 * progress, alerts and collector updates. Values vary smoothly and tell one
 * small consistent story (a routed task makes its agent busy until its
 * progress reaches 100). Timestamp formats vary on purpose, as on real hosts.
 */
import { createSeededRandom, pickOne, randomBetween, roundTo, type RandomSource } from './seededRandom';

export interface LabMessage {
  channel: string;
  payload: Buffer;
}

export const LAB_CHANNELS = [
  'devices:telemetry',
  'experiments:data',
  'agents:status',
  'agent:status',
  'task:routing',
  'task_updates',
  'system:alerts',
  'crep:live',
] as const;

/** A bounded story: a routed task waits here until it completes or fails. */
const MAX_ACTIVE_TASKS = 6;

interface DeviceModel {
  id: string;
  /** Per field: [middle, swing]. */
  temperature: [number, number];
  humidity: [number, number];
  co2: [number, number];
  tvoc: [number, number];
  phase: number;
}

const DEVICES: DeviceModel[] = [
  { id: 'mushroom1', temperature: [23, 0.8], humidity: [91, 2.5], co2: [1000, 180], tvoc: [180, 50], phase: 0 },
  { id: 'mushroom2', temperature: [22.5, 0.7], humidity: [89, 3], co2: [1150, 220], tvoc: [210, 60], phase: 2.1 },
  { id: 'incubator-3', temperature: [37, 0.15], humidity: [60, 2], co2: [50_000, 600], tvoc: [65, 10], phase: 4.2 },
];

const EXPERIMENTS = ['EXP-0412', 'EXP-0413'] as const;

interface AgentModel {
  id: string;
  name: string;
  strengths: string[];
  cost: number;
  latency: number;
}

/**
 * How often each demo agent reports on each status channel. Well inside any
 * STALE threshold a lab would set: 1/30 of the default 30 s, and half of a
 * threshold as short as 2 s, so the demo's agents never flicker STALE.
 */
export const DEMO_AGENT_HEARTBEAT_MS = 1_000;

const AGENTS: [AgentModel, ...AgentModel[]] = [
  { id: 'agent-vision', name: 'Vision Analyst', strengths: ['image-analysis', 'segmentation'], cost: 0.8, latency: 1200 },
  { id: 'agent-planner', name: 'Protocol Planner', strengths: ['planning', 'scheduling'], cost: 0.5, latency: 800 },
  { id: 'agent-data', name: 'Data Wrangler', strengths: ['statistics', 'cleaning'], cost: 0.3, latency: 400 },
];

const TASK_KINDS: [[string, string], ...[string, string][]] = [
  ['Count fruiting bodies in tray 4 photos', 'image-analysis'],
  ['Plan next week\'s inoculation schedule', 'scheduling'],
  ['Summarise growth statistics for EXP-0412', 'statistics'],
  ['Clean the incubator-3 sensor export', 'cleaning'],
  ['Segment mycelium coverage in plate scans', 'segmentation'],
];

const ALERTS: Record<'info' | 'warning' | 'critical', [[string, string], ...[string, string][]]> = {
  info: [
    ['backup', 'The nightly backup of the lab database finished.'],
    ['device-manager', 'mushroom2 reconnected after a short network drop.'],
    ['scheduler', 'Inoculation batch 17 was scheduled for 09:00.'],
  ],
  warning: [
    ['mushroom2', 'CO2 in mushroom2 is above 1,400 ppm; check the fan.'],
    ['incubator-3', 'incubator-3 door has been open for 2 minutes.'],
    ['agent-monitor', 'Vision Analyst is answering slowly (over 3 s).'],
  ],
  critical: [
    ['incubator-3', 'incubator-3 lost mains power and runs on battery.'],
    ['mushroom1', 'mushroom1 humidity sensor stopped reporting.'],
  ],
};

interface ActiveTask {
  id: string;
  agentId: string;
  title: string;
  progress: number;
}

interface Track {
  kind: 'aviation' | 'maritime' | 'satellite' | 'weather';
  id: string;
  lat: number;
  lon: number;
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

/** Each demo channel numbers its messages from 1, as LAB_TRAFFIC's relays do, so a lane's sequence check has something to count. */
class ChannelSequences {
  private readonly next = new Map<string, number>();

  take(channel: string): number {
    const sequence = this.next.get(channel) ?? 1;
    this.next.set(channel, sequence + 1);
    return sequence;
  }
}

export class LabTraffic {
  private readonly random: RandomSource;
  private readonly drift = new Map<string, number>();
  private readonly tasks: ActiveTask[] = [];
  private readonly agentErrors = new Map<string, number>();
  private readonly completed = new Map<string, number>();
  private readonly tracks: Track[];
  private biomass = [12.4, 8.9];
  private nextTaskNumber = 1;
  private nextAlertNumber = 1;
  private agentCursor = 0;
  private readonly sequences = new ChannelSequences();

  constructor(seed: number) {
    this.random = createSeededRandom(seed);
    this.tracks = [
      { kind: 'aviation', id: 'DLH4AB', lat: 50.1, lon: 8.6 },
      { kind: 'maritime', id: '211234560', lat: 53.5, lon: 9.9 },
      { kind: 'satellite', id: 'NOAA-19', lat: 12, lon: -40 },
      { kind: 'weather', id: 'station-ham', lat: 53.63, lon: 9.99 },
    ];
  }

  /** The message as JSON with its channel's next `seq` first. */
  private numbered(channel: string, value: object): Buffer {
    return json({ seq: this.sequences.take(channel), ...value });
  }

  /** `devices:telemetry`, one message per device; ISO timestamps. */
  telemetry(nowMs: number): LabMessage[] {
    const seconds = nowMs / 1000;
    return DEVICES.map((device) => {
      const field = (name: 'temperature' | 'humidity' | 'co2' | 'tvoc', periodS: number, digits: number): number => {
        const [middle, swing] = device[name];
        const wander = this.wander(`${device.id}.${name}`, swing * 0.3);
        return roundTo(middle + swing * Math.sin((2 * Math.PI * seconds) / periodS + device.phase) + wander, digits);
      };
      return {
        channel: 'devices:telemetry',
        payload: this.numbered('devices:telemetry', {
          channel: 'devices:telemetry',
          source: 'device-manager',
          timestamp: new Date(nowMs).toISOString(),
          data: {
            device_id: device.id,
            telemetry: {
              temperature: field('temperature', 300, 2),
              humidity: field('humidity', 420, 1),
              co2: field('co2', 240, 0),
              tvoc: field('tvoc', 180, 0),
            },
          },
        }),
      };
    });
  }

  /** `experiments:data`; epoch-millisecond timestamps. */
  experiments(nowMs: number): LabMessage[] {
    return EXPERIMENTS.map((experimentId, index) => {
      const growthRate = roundTo(0.45 + 0.1 * Math.sin(nowMs / 90_000 + index) + this.wander(`${experimentId}.growth`, 0.02), 3);
      this.biomass[index] = (this.biomass[index] ?? 0) + growthRate * 0.002;
      return {
        channel: 'experiments:data',
        payload: this.numbered('experiments:data', {
          channel: 'experiments:data',
          source: 'lab-sensors',
          timestamp: Math.round(nowMs),
          data: {
            experiment_id: experimentId,
            data: {
              growth_rate: growthRate,
              biomass: roundTo(this.biomass[index] ?? 0, 3),
              ph: roundTo(6 + 0.3 * Math.sin(nowMs / 200_000 + index * 2) + this.wander(`${experimentId}.ph`, 0.03), 2),
            },
          },
        }),
      };
    });
  }

  /** `agents:status` from the agent monitor, one per agent; epoch-seconds timestamps. */
  agentMonitor(nowMs: number): LabMessage[] {
    return AGENTS.map((agent) => {
      const errors = this.agentErrors.get(agent.id) ?? 0;
      const isBusy = this.tasks.some((task) => task.agentId === agent.id);
      return {
        channel: 'agents:status',
        payload: this.numbered('agents:status', {
          channel: 'agents:status',
          source: 'agent-monitor',
          timestamp: nowMs / 1000,
          data: {
            agent_id: agent.id,
            status: errors > 2 ? 'degraded' : 'healthy',
            tasks_completed: this.completed.get(agent.id) ?? 0,
            errors,
            cpu_percent: roundTo((isBusy ? 55 : 8) + randomBetween(this.random, 0, 20), 1),
            memory_mb: Math.round(400 + randomBetween(this.random, 0, 150)),
          },
        }),
      };
    });
  }

  /** The demo's agents: `agentStatus` reports one per call, so calling it this often gives each a heartbeat every DEMO_AGENT_HEARTBEAT_MS. */
  static readonly agentStatusIntervalMs = DEMO_AGENT_HEARTBEAT_MS / AGENTS.length;

  /** `agent:status` from the task router, one agent per call in turn; epoch-ms timestamps inside the payload. */
  agentStatus(nowMs: number): LabMessage {
    const agent = AGENTS[this.agentCursor % AGENTS.length] ?? AGENTS[0];
    this.agentCursor++;
    const taskCount = this.tasks.filter((task) => task.agentId === agent.id).length;
    const isFaulty = this.random() < 0.03;
    const status = isFaulty ? 'error' : taskCount > 0 ? 'busy' : 'idle';
    if (isFaulty) this.agentErrors.set(agent.id, (this.agentErrors.get(agent.id) ?? 0) + 1);
    return {
      channel: 'agent:status',
      payload: this.numbered('agent:status', {
        type: 'agent_status',
        payload: {
          agentId: agent.id,
          name: agent.name,
          status,
          load: roundTo(Math.min(1, taskCount * 0.35 + randomBetween(this.random, 0, 0.1)), 2),
          timestamp: Math.round(nowMs),
        },
      }),
    };
  }

  /** A `task:routing` decision and the new task's first `task_updates`; nothing when the story is full. */
  routing(nowMs: number): LabMessage[] {
    if (this.tasks.length >= MAX_ACTIVE_TASKS) return [];
    const [title, skill] = pickOne(this.random, TASK_KINDS);
    const agent = AGENTS.find((candidate) => candidate.strengths.includes(skill)) ?? AGENTS[0];
    const task: ActiveTask = { id: `task-${String(this.nextTaskNumber++).padStart(4, '0')}`, agentId: agent.id, title, progress: 0 };
    this.tasks.push(task);
    const dataSize = roundTo(this.random(), 2);
    const novelty = roundTo(this.random(), 2);
    const dependencies = Math.floor(randomBetween(this.random, 0, 4));
    return [
      {
        channel: 'task:routing',
        payload: this.numbered('task:routing', {
          type: 'routing_decision',
          payload: {
            taskId: task.id,
            agent: { id: agent.id, name: agent.name, strengths: agent.strengths, cost: agent.cost, latency: agent.latency },
            complexityScore: { d_var: roundTo((dataSize + novelty) / 2, 2), factors: { data_size: dataSize, novelty, dependencies } },
            reason: `${agent.name} is the cheapest agent strong in ${skill}.`,
            timestamp: new Date(nowMs).toISOString(),
          },
        }),
      },
      this.taskUpdate(task, 'queued', `Routed to ${agent.name}: ${title}.`),
    ];
  }

  /** `task_updates` for every active task; these carry no timestamp, as on the real host. */
  taskProgress(): LabMessage[] {
    const messages: LabMessage[] = [];
    for (const task of [...this.tasks]) {
      task.progress = Math.min(100, task.progress + Math.round(randomBetween(this.random, 8, 25)));
      if (task.progress < 100) {
        messages.push(this.taskUpdate(task, 'running', `${task.title} (${task.progress} %).`));
        continue;
      }
      this.tasks.splice(this.tasks.indexOf(task), 1);
      if (this.random() < 0.08) {
        this.agentErrors.set(task.agentId, (this.agentErrors.get(task.agentId) ?? 0) + 1);
        messages.push(this.taskUpdate(task, 'failed', `${task.title} failed: the agent did not answer in time.`));
      } else {
        this.completed.set(task.agentId, (this.completed.get(task.agentId) ?? 0) + 1);
        messages.push(this.taskUpdate(task, 'completed', `${task.title} is done.`));
      }
    }
    return messages;
  }

  /** An occasional `system:alerts` envelope; ISO timestamps. */
  alert(nowMs: number): LabMessage {
    const roll = this.random();
    const severity = roll < 0.6 ? 'info' : roll < 0.9 ? 'warning' : 'critical';
    const [component, message] = pickOne(this.random, ALERTS[severity]);
    return {
      channel: 'system:alerts',
      payload: this.numbered('system:alerts', {
        channel: 'system:alerts',
        source: 'lab-monitor',
        timestamp: new Date(nowMs).toISOString(),
        data: { alert_id: `alert-${this.nextAlertNumber++}`, severity, component, message },
      }),
    };
  }

  /** An occasional `crep:live` collector update; epoch-seconds timestamps. */
  crep(nowMs: number): LabMessage {
    const track = pickOne(this.random, this.tracks as [Track, ...Track[]]);
    const step = track.kind === 'weather' ? 0 : track.kind === 'satellite' ? 3 : 0.05;
    track.lat = roundTo(Math.max(-80, Math.min(80, track.lat + randomBetween(this.random, -step, step))), 4);
    track.lon = roundTo(((track.lon + step + 540) % 360) - 180, 4);
    const details: Record<Track['kind'], Record<string, number | string>> = {
      aviation: { callsign: track.id, altitude_m: Math.round(randomBetween(this.random, 10_500, 11_200)), speed_kn: Math.round(randomBetween(this.random, 430, 470)) },
      maritime: { mmsi: track.id, speed_kn: roundTo(randomBetween(this.random, 11, 14), 1), heading_deg: Math.round(randomBetween(this.random, 280, 300)) },
      satellite: { norad_name: track.id, altitude_km: Math.round(randomBetween(this.random, 850, 870)) },
      weather: { station: track.id, temperature_c: roundTo(randomBetween(this.random, 8, 12), 1), wind_mps: roundTo(randomBetween(this.random, 2, 9), 1) },
    };
    return {
      channel: 'crep:live',
      payload: this.numbered('crep:live', {
        type: track.kind,
        source: 'crep-collector',
        timestamp: nowMs / 1000,
        data: { id: track.id, lat: track.lat, lon: track.lon, ...details[track.kind] },
      }),
    };
  }

  private taskUpdate(task: ActiveTask, status: string, message: string): LabMessage {
    return { channel: 'task_updates', payload: this.numbered('task_updates', { task_id: task.id, status, message, progress: task.progress }) };
  }

  /** A mean-reverting random walk per key, within about ±`scale`. */
  private wander(key: string, scale: number): number {
    const previous = this.drift.get(key) ?? 0;
    const next = 0.9 * previous + randomBetween(this.random, -scale, scale) * 0.3;
    this.drift.set(key, next);
    return next;
  }
}
