/**
 * The demo traffic generator: publishes the LAB_TRAFFIC channels with their
 * real encodings through whatever publisher it is given (a profile's command
 * connection), so a lab can try the console without instruments.
 *
 * One coarse timer drives everything. EEG samples follow a wall-clock sample
 * clock (exact rate on average, capped catch-up after a stall); the other
 * channels run on their own intervals. Publishes go through a gate that caps
 * the number waiting for an answer, so a hung server costs counted skips, not
 * memory.
 */
import type { SimulatorOptions, SimulatorStatus } from '../../shared/simulator';
import { EegUserTraffic } from './eegTraffic';
import { DEMO_AGENT_HEARTBEAT_MS, LAB_CHANNELS, LabTraffic, type LabMessage } from './labTraffic';
import { PublishGate, type PublishCounters, type PublishFunction } from './publishGate';
import { SampleClock } from './sampleClock';
import { createSeededRandom, randomBetween } from './seededRandom';

export interface LabSimulatorDependencies {
  publish: PublishFunction;
  onDidChangeStatus(status: SimulatorStatus): void;
  /** Makes the generated traffic repeatable (tests); a fresh seed per start otherwise. */
  seed?: number;
}

const TICK_INTERVAL_MS = 10;
/** After a stall, send at most this much EEG at once; the rest is skipped and counted. */
const MAX_EEG_BACKLOG_MS = 100;
/** 8 users × 1 kHz for a quarter second: enough for any healthy server, small enough to bound memory. */
const MAX_IN_FLIGHT_PUBLISHES = 2000;
const STATUS_INTERVAL_MS = 1000;
const FEATURES_INTERVAL_MS = 250;
const PREDICTIONS_INTERVAL_MS = 500;
const DEMO_USER_PREFIX = 'demo';

const LIMITS = {
  eegUsers: [0, 8],
  eegRateHz: [10, 1000],
  eegChannels: [1, 64],
} as const;

interface ScheduledJob {
  /** performance.now() time the job runs next. */
  nextDueMs: number;
  intervalMs(): number;
  run(nowEpochMs: number): void;
}

interface Run {
  options: SimulatorOptions;
  since: number;
  gate: PublishGate;
  users: EegUserTraffic[];
  clock: SampleClock;
  jobs: ScheduledJob[];
  channels: string[];
  timer: ReturnType<typeof setInterval>;
  lastStatusMs: number;
  lastReportedTotal: number;
  /** EEG samples (per user) skipped after a stall: never made, so never offered to the gate. */
  skippedEegSamples: number;
}

export class LabSimulator {
  private run: Run | null = null;
  /** The last run's gate, kept after stop so its final counters stay readable. */
  private lastGate: PublishGate | null = null;

  constructor(private readonly dependencies: LabSimulatorDependencies) {}

  start(requested: SimulatorOptions): SimulatorStatus {
    this.clearRun();
    const options = sanitizeOptions(requested);
    const seed = this.dependencies.seed ?? Math.floor(Math.random() * 0xffffffff);
    const since = Date.now();
    const startedMs = performance.now();
    const gate = new PublishGate(this.dependencies.publish, MAX_IN_FLIGHT_PUBLISHES);
    const users = Array.from(
      { length: options.eegUsers },
      (_, index) =>
        new EegUserTraffic({
          userId: `${DEMO_USER_PREFIX}${index + 1}`,
          channelCount: options.eegChannels,
          rateHz: options.eegRateHz,
          seed: seed + index * 7919,
        }),
    );
    const jobs = this.eegJobs(users, gate, startedMs);
    if (options.shouldPublishLabChannels) jobs.push(...labJobs(new LabTraffic(seed ^ 0x2545f491), gate, startedMs, seed));
    const maxBacklog = Math.max(1, Math.ceil((options.eegRateHz * MAX_EEG_BACKLOG_MS) / 1000));
    const run: Run = {
      options,
      since,
      gate,
      users,
      clock: new SampleClock(options.eegRateHz, startedMs, maxBacklog),
      jobs,
      channels: [...users.flatMap((user) => user.channels), ...(options.shouldPublishLabChannels ? LAB_CHANNELS : [])],
      timer: setInterval(() => this.tick(run), TICK_INTERVAL_MS),
      lastStatusMs: startedMs,
      lastReportedTotal: 0,
      skippedEegSamples: 0,
    };
    // The bus keeps its own process alive; a forgotten demo must not.
    run.timer.unref();
    this.run = run;
    this.lastGate = gate;
    const status = this.status();
    this.dependencies.onDidChangeStatus(status);
    return status;
  }

  stop(): SimulatorStatus {
    const wasRunning = this.clearRun();
    const status: SimulatorStatus = { state: 'stopped' };
    if (wasRunning) this.dependencies.onDidChangeStatus(status);
    return status;
  }

  status(): SimulatorStatus {
    const run = this.run;
    if (!run) return { state: 'stopped' };
    const counters = run.gate.snapshot();
    return {
      state: 'running',
      options: { ...run.options },
      since: run.since,
      published: counters.published,
      failed: counters.failed,
      skippedMessages: counters.skipped,
      skippedEegSamples: run.skippedEegSamples,
      channels: [...run.channels],
    };
  }

  /** The current or last run's counters, including skipped and in-flight publishes. */
  counters(): PublishCounters {
    return this.lastGate?.snapshot() ?? { published: 0, failed: 0, skipped: 0, inFlight: 0 };
  }

  private clearRun(): boolean {
    const run = this.run;
    if (!run) return false;
    clearInterval(run.timer);
    this.run = null;
    return true;
  }

  private tick(run: Run): void {
    if (this.run !== run) return;
    try {
      const nowMs = performance.now();
      this.publishEegSamples(run, nowMs);
      const nowEpochMs = Date.now();
      for (const job of run.jobs) {
        if (nowMs < job.nextDueMs) continue;
        job.run(nowEpochMs);
        // No catch-up bursts for the slow channels: a late job simply runs late.
        job.nextDueMs += job.intervalMs();
        if (job.nextDueMs <= nowMs) job.nextDueMs = nowMs + job.intervalMs();
      }
      this.reportCounters(run, nowMs);
    } catch {
      // A bug in a generator must not take the bus thread down; the demo stops instead.
      this.stop();
    }
  }

  private publishEegSamples(run: Run, nowMs: number): void {
    if (run.users.length === 0) return;
    const { due, skipped } = run.clock.advance(nowMs);
    if (due === 0 && skipped === 0) return;
    const firstIndex = run.clock.position - due;
    const sampleMs = 1000 / run.clock.rateHz;
    // Samples, not messages the gate refused: counted on their own so each count says what it counts.
    if (skipped > 0) run.skippedEegSamples += skipped * run.users.length;
    for (const user of run.users) {
      if (skipped > 0) user.skipSamples(skipped);
      for (let offset = 0; offset < due; offset++) {
        const timestampSeconds = (run.since + (firstIndex + offset) * sampleMs) / 1000;
        run.gate.send(user.rawChannel, user.nextRawPayload(timestampSeconds));
      }
    }
  }

  private eegJobs(users: EegUserTraffic[], gate: PublishGate, startedMs: number): ScheduledJob[] {
    if (users.length === 0) return [];
    return [
      {
        nextDueMs: startedMs + FEATURES_INTERVAL_MS,
        intervalMs: () => FEATURES_INTERVAL_MS,
        run: (now) => users.forEach((user) => gate.send(user.featuresChannel, user.featuresPayload(now))),
      },
      {
        nextDueMs: startedMs + PREDICTIONS_INTERVAL_MS,
        intervalMs: () => PREDICTIONS_INTERVAL_MS,
        run: (now) => users.forEach((user) => gate.send(user.predictionsChannel, user.predictionPayload(now))),
      },
    ];
  }

  private reportCounters(run: Run, nowMs: number): void {
    if (nowMs - run.lastStatusMs < STATUS_INTERVAL_MS) return;
    run.lastStatusMs = nowMs;
    const counters = run.gate.snapshot();
    const total = counters.published + counters.failed;
    if (total === run.lastReportedTotal) return;
    run.lastReportedTotal = total;
    this.dependencies.onDidChangeStatus(this.status());
  }
}

function labJobs(lab: LabTraffic, gate: PublishGate, startedMs: number, seed: number): ScheduledJob[] {
  const random = createSeededRandom(seed ^ 0x68e31da4);
  const sendAll = (messages: LabMessage[]): void => messages.forEach((message) => gate.send(message.channel, message.payload));
  const every = (firstMs: number, intervalMs: () => number, run: (now: number) => void): ScheduledJob => ({
    nextDueMs: startedMs + firstMs,
    intervalMs,
    run,
  });
  return [
    every(0, () => 1000, (now) => sendAll(lab.telemetry(now))),
    every(500, () => 2000, (now) => sendAll(lab.experiments(now))),
    // Each agent's heartbeat on both status channels, well inside the STALE threshold (DEMO_AGENT_HEARTBEAT_MS).
    every(200, () => DEMO_AGENT_HEARTBEAT_MS, (now) => sendAll(lab.agentMonitor(now))),
    every(700, () => LabTraffic.agentStatusIntervalMs, (now) => sendAll([lab.agentStatus(now)])),
    every(1500, () => randomBetween(random, 3000, 6000), (now) => sendAll(lab.routing(now))),
    every(2500, () => 1000, () => sendAll(lab.taskProgress())),
    every(5000, () => randomBetween(random, 20_000, 40_000), (now) => sendAll([lab.alert(now)])),
    every(3000, () => randomBetween(random, 5000, 10_000), (now) => sendAll([lab.crep(now)])),
  ];
}

/** The request validator checks ranges already; this keeps the generator safe if called directly. */
function sanitizeOptions(options: SimulatorOptions): SimulatorOptions {
  const clampInteger = (value: number, [low, high]: readonly [number, number]): number =>
    Number.isFinite(value) ? Math.min(high, Math.max(low, Math.round(value))) : low;
  return {
    eegUsers: clampInteger(options.eegUsers, LIMITS.eegUsers),
    eegRateHz: clampInteger(options.eegRateHz, LIMITS.eegRateHz),
    eegChannels: clampInteger(options.eegChannels, LIMITS.eegChannels),
    shouldPublishLabChannels: options.shouldPublishLabChannels === true,
  };
}
