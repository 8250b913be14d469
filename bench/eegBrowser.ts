/**
 * The EEG scenario end to end, in a real browser: a redis-server, the built
 * serve host, a publisher process sending 4 EEG streams of 64 channels at
 * 1 kHz, and headless Chromium (software rendering, like the e2e tests)
 * showing the 64-lane montage of one stream full-window (1400 x 900) with a
 * 10 s window. The page measures itself (window.labwirePlotMetrics):
 * setData+draw per second, the renderer's frame build time (frame in to
 * setData returned), and publish-to-pixel (the newest sample's timestamp,
 * stamped by the publisher on this machine's clock, to the end of the draw).
 * Samples lost compares what the publisher got accepted by Redis with what
 * the bus counted on each stream; the renderer heap (V8 heap, embedder heap
 * and ArrayBuffer backing stores) is read over CDP after a forced GC, early
 * and at the end.
 *
 * Publish-to-pixel is measured twice: under the 4-stream load, and (the
 * issue's row) with one stream at 1 kHz, in a second phase where only the
 * shown stream publishes.
 *
 * `npm run build` must have run (out/main/serve.js, out/renderer). Set
 * EEG_BENCH_SCREENSHOT=/some/file.png to keep a picture of the measured view.
 *
 * Run as a script with --eeg-publisher it is the publisher process itself.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { Redis } from 'ioredis';
import { WebSocket } from 'ws';
import { EegUserTraffic } from '../src/bus/simulator/eegTraffic';
import { PLOT_FRAME_INTERVAL_MS, SERVE_WEBSOCKET_PATH, type RequestMethod, type RequestParams, type RequestResult } from '../src/shared/contract';
import { tokenCookieName } from '../src/serve/serveToken';
import { decodeBusMessage } from '../src/shared/busMessageCodec';
import type { PlotFrame } from '../src/shared/plots';
import { defaultProfileFields } from '../src/shared/profile';
import type { Result } from '../src/shared/result';
import { CHROMIUM_ARGUMENTS, CHROMIUM_EXECUTABLE } from '../tests/e2e/fixtures/chromiumLaunch';
import { startServeHostProcess, type ServeHostProcess } from '../tests/e2e/fixtures/serveHostProcess';
import type { BenchResult } from './benchResults';
import { startRedisServer, type TestRedisServer } from '../tests/support/redisServer';


const STREAM_COUNT = 4;
const CHANNEL_COUNT = 64;
const RATE_HZ = 1000;
const WINDOW_SECONDS = 10;
const VIEWPORT = { width: 1400, height: 900 };
const TARGET_FPS = 30;
const TARGET_PUBLISH_TO_PIXEL_MS = 50;
/** The frame budget at the target rate: what a renderer build time is measured against. */
const FRAME_BUDGET_MS = 1000 / TARGET_FPS;
const PUBLISHER_FLAG = '--eeg-publisher';
const PUBLISHER_TICK_MS = 5;
const READY_TIMEOUT_MS = 30_000;
const REQUEST_TIMEOUT_MS = 15_000;
/** After the publisher stops, the bus gets this long to take in what is still on the wire. */
const DRAIN_MS = 2_000;

interface Timings {
  warmupMs: number;
  /** When the first heap reading is taken, after the view opened. */
  earlyHeapAtMs: number;
  /** Length of the whole measured run after the view opened. */
  runMs: number;
}

const QUICK_TIMINGS: Timings = { warmupMs: 5_000, earlyHeapAtMs: 15_000, runMs: 45_000 };
const FULL_TIMINGS: Timings = { warmupMs: 10_000, earlyHeapAtMs: 60_000, runMs: 600_000 };
/** The one-stream latency phase: settling after the switch, then measuring. */
const ONE_STREAM_SETTLE_MS = 2_000;
const ONE_STREAM_MEASURE_MS = { quick: 10_000, full: 30_000 };

export async function measureEegBrowser({ quick }: { quick: boolean }): Promise<BenchResult[]> {
  const timings = quick ? QUICK_TIMINGS : FULL_TIMINGS;
  let redis: TestRedisServer | null = null;
  let host: ServeHostProcess | null = null;
  let publisher: PublisherProcess | null = null;
  let client: BusClient | null = null;
  const browser = await chromium.launch({ executablePath: CHROMIUM_EXECUTABLE, args: [...CHROMIUM_ARGUMENTS] });
  try {
    redis = await startRedisServer({ args: ['--client-output-buffer-limit', 'pubsub 0 0 0'] });
    host = await startServeHostProcess();
    client = await BusClient.open(host.url);
    const profileId = await client.connectProfile('EEG bench', redis.port);
    const channels = Array.from({ length: STREAM_COUNT }, (_, index) => `user:bench${index + 1}:raw`);
    // A small plot on every stream before anything is published, so the bus counts every sample of all four.
    const counterPlots = await Promise.all(channels.map((channel) => client!.openCounterPlot(profileId, channel)));
    publisher = startPublisher(redis.port, STREAM_COUNT);

    const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    await openMontage(page, host.url, channels[0]!);
    const cdp = await page.context().newCDPSession(page);
    // The V8 heap alone misses frames: their typed arrays live in ArrayBuffer backing stores, counted apart.
    const heapUsed = async (): Promise<number> => {
      await cdp.send('HeapProfiler.collectGarbage');
      const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; embedderHeapUsedSize?: number; backingStorageSize?: number };
      return usage.usedSize + (usage.embedderHeapUsedSize ?? 0) + (usage.backingStorageSize ?? 0);
    };

    const openedAt = Date.now();
    await sleep(timings.warmupMs);
    // What was measured, for whoever reads the numbers: EEG_BENCH_SCREENSHOT=/path/to/file.png.
    const screenshotPath = process.env.EEG_BENCH_SCREENSHOT;
    if (screenshotPath) await page.screenshot({ path: screenshotPath });
    await page.evaluate(() => (globalThis as PageGlobals).labwirePlotMetrics?.clearTimings());
    const first = await montageMetrics(page, channels[0]!);
    const firstAt = Date.now();
    await sleep(Math.max(0, openedAt + timings.earlyHeapAtMs - Date.now()));
    const earlyHeap = await heapUsed();
    await sleep(Math.max(0, openedAt + timings.runMs - Date.now()));
    const last = await montageMetrics(page, channels[0]!);
    const lastAt = Date.now();
    const endHeap = await heapUsed();

    const published = await publisher.stop();
    publisher = null;

    // Latency with one stream: only the shown one publishes.
    publisher = startPublisher(redis.port, 1);
    await sleep(ONE_STREAM_SETTLE_MS);
    await page.evaluate(() => (globalThis as PageGlobals).labwirePlotMetrics?.clearTimings());
    await sleep(quick ? ONE_STREAM_MEASURE_MS.quick : ONE_STREAM_MEASURE_MS.full);
    const oneStream = await montageMetrics(page, channels[0]!);
    const publishedOneStream = await publisher.stop();
    publisher = null;
    for (const [channel, count] of Object.entries(publishedOneStream.perChannel)) published.perChannel[channel] = (published.perChannel[channel] ?? 0) + count;
    published.failed += publishedOneStream.failed;
    await sleep(DRAIN_MS);
    let received = 0;
    for (const plotId of counterPlots) received += (await client.stats(plotId)).samples;
    const publishedTotal = Object.values(published.perChannel).reduce((sum, count) => sum + count, 0);

    const fps = ((last.drawn - first.drawn) * 1000) / (lastAt - firstAt);
    const buildP95 = percentile(last.buildMs, 0.95);
    const busBuildP95 = percentile(last.busBuildMs, 0.95);
    const publishToPixelP95 = percentile(oneStream.publishToPixelMs, 0.95);
    const loadedPublishToPixelP95 = percentile(last.publishToPixelMs, 0.95);
    const lost = Math.max(0, publishedTotal - received);
    const heapGrowth = endHeap / earlyHeap;
    console.log(
      `EEG browser${quick ? ' (quick)' : ''}: ${fps.toFixed(1)} fps, ${last.skipped - first.skipped} frames skipped of ${last.received - first.received}, ` +
        `draw p95 ${percentile(last.drawMs, 0.95).toFixed(1)} ms, bus build p95 ${busBuildP95.toFixed(1)} ms, ` +
        `publish to frame p95 ${percentile(last.publishToFrameMs, 0.95).toFixed(0)} ms, frame delivery p95 ${percentile(last.frameDeliveryMs, 0.95).toFixed(0)} ms, ` +
        `publish to pixel p95 ${loadedPublishToPixelP95.toFixed(0)} ms (4 streams), ${publishToPixelP95.toFixed(0)} ms (1 stream: publish to frame ` +
        `${percentile(oneStream.publishToFrameMs, 0.95).toFixed(0)}, delivery ${percentile(oneStream.frameDeliveryMs, 0.95).toFixed(0)}, draw ${percentile(oneStream.drawMs, 0.95).toFixed(1)}), ` +
        `${publishedTotal} samples published (${published.failed} failed), ${received} counted by the bus, heap ${mib(earlyHeap)} -> ${mib(endHeap)} MiB`,
    );
    const runLabel = quick ? `quick run: heap at ${timings.runMs / 1000} s / at ${timings.earlyHeapAtMs / 1000} s` : `heap after ${timings.runMs / 60_000} min / after ${timings.earlyHeapAtMs / 60_000} min`;
    return [
      { name: 'eeg-64ch-1khz-fps', value: fps, unit: 'fps (baseline: target)', baseline: TARGET_FPS, ratio: fps / TARGET_FPS },
      {
        name: 'eeg-frame-build-p95-renderer',
        value: buildP95,
        unit: 'ms (baseline: frame budget at 30 fps)',
        baseline: FRAME_BUDGET_MS,
        ratio: buildP95 / FRAME_BUDGET_MS,
      },
      {
        name: 'eeg-frame-build-p95-bus',
        value: busBuildP95,
        unit: 'ms, shown plot, 4 streams from Redis (baseline: the plot frame interval)',
        baseline: PLOT_FRAME_INTERVAL_MS,
        ratio: busBuildP95 / PLOT_FRAME_INTERVAL_MS,
      },
      {
        name: 'eeg-publish-to-pixel-p95',
        value: publishToPixelP95,
        unit: 'ms (baseline: target; 1 stream publishing)',
        baseline: TARGET_PUBLISH_TO_PIXEL_MS,
        ratio: publishToPixelP95 / TARGET_PUBLISH_TO_PIXEL_MS,
      },
      {
        name: 'eeg-publish-to-pixel-p95-4-streams',
        value: loadedPublishToPixelP95,
        unit: 'ms (baseline: target; all 4 streams publishing)',
        baseline: TARGET_PUBLISH_TO_PIXEL_MS,
        ratio: loadedPublishToPixelP95 / TARGET_PUBLISH_TO_PIXEL_MS,
      },
      { name: 'eeg-samples-lost', value: lost, unit: 'samples (baseline: samples published)', baseline: publishedTotal, ratio: publishedTotal > 0 ? lost / publishedTotal : 0 },
      { name: 'eeg-renderer-heap-growth', value: heapGrowth, unit: `ratio (${runLabel})`, baseline: 1, ratio: heapGrowth },
    ];
  } finally {
    if (publisher) await publisher.stop().catch(() => undefined);
    client?.close();
    await browser.close();
    await host?.stop();
    await redis?.stop();
  }
}

/** What the renderer exposes on window (src/renderer/src/features/plots/plotMetrics.ts). */
interface PageGlobals {
  labwirePlotMetrics?: {
    snapshot(): Array<MontageMetrics & { kind: string; channel: string }>;
    clearTimings(): void;
  };
}

interface MontageMetrics {
  received: number;
  drawn: number;
  skipped: number;
  buildMs: number[];
  drawMs: number[];
  publishToPixelMs: number[];
  busBuildMs: number[];
  publishToFrameMs: number[];
  frameDeliveryMs: number[];
}

async function montageMetrics(page: Page, channel: string): Promise<MontageMetrics> {
  const snapshot = await page.evaluate(
    (wanted) => (globalThis as PageGlobals).labwirePlotMetrics?.snapshot().find((metrics) => metrics.kind === 'eeg' && metrics.channel === wanted),
    channel,
  );
  if (!snapshot) throw new Error(`The page shows no EEG plot of ${channel}.`);
  return snapshot;
}

async function openMontage(page: Page, url: string, channel: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: /EEG bench/ }).click();
  await page.getByRole('tab', { name: 'Plots' }).click();
  const view = page.getByTestId(`eeg-view-${channel}`);
  await view.waitFor({ timeout: READY_TIMEOUT_MS });
  await view.getByLabel('Window').selectOption(`${WINDOW_SECONDS} s`);
  await view.getByRole('button', { name: 'Full window' }).click();
  await view.getByTestId('eeg-samples').waitFor({ timeout: READY_TIMEOUT_MS });
}

/** The serve host's WebSocket from Node: requests in order, frames ignored. Every message from the host is binary (frameCodec). */
class BusClient {
  private nextId = 1;
  private readonly waiting = new Map<number, (result: Result<unknown>) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      const message = decodeBusMessage(bytes);
      if (message.kind !== 'response') return;
      this.waiting.get(message.id)?.(message.result);
      this.waiting.delete(message.id);
    });
  }

  static async open(pageUrl: string): Promise<BusClient> {
    const url = new URL(pageUrl);
    const token = url.searchParams.get('token') ?? '';
    const socket = new WebSocket(`ws://${url.host}${SERVE_WEBSOCKET_PATH}`, { headers: { Cookie: `${tokenCookieName(Number(url.port))}=${token}` }, origin: url.origin });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new BusClient(socket);
  }

  async request<M extends RequestMethod>(method: M, params: RequestParams<M>): Promise<RequestResult<M>> {
    const id = this.nextId++;
    const answered = new Promise<Result<unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`The bus did not answer ${method} within ${REQUEST_TIMEOUT_MS} ms.`)), REQUEST_TIMEOUT_MS);
      this.waiting.set(id, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
    });
    this.socket.send(JSON.stringify({ kind: 'request', id, method, params }));
    const result = await answered;
    if (!result.ok) throw new Error(`${method} failed: ${result.error.message}`);
    return result.value as RequestResult<M>;
  }

  async connectProfile(name: string, port: number): Promise<string> {
    const profile = await this.request('profiles:save', { ...defaultProfileFields(), name, port });
    await this.request('connection:open', { profileId: profile.id });
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const states = await this.request('connection:states', {});
      if (states[profile.id]?.state === 'ready') return profile.id;
      await sleep(100);
    }
    throw new Error(`The serve host did not connect to redis-server on port ${port}.`);
  }

  /** A 16-pixel, 1-second, unfiltered plot of the stream: the bus keeps the stream's statistics while it is open, at little cost. */
  async openCounterPlot(profileId: string, channel: string): Promise<string> {
    const info = await this.request('plots:open', {
      profileId,
      spec: {
        kind: 'eeg',
        target: { kind: 'channel', name: channel },
        fieldPath: 'channels.*',
        timeSource: 'message',
        windowSeconds: 1,
        filters: { highPassHz: 0, notchHz: 0, notchHarmonics: false, bandPass: null, isCommonAverageReference: false },
        pixelWidth: 16,
        shouldComputeSpectrum: false,
      },
    });
    return info.plotId;
  }

  async stats(plotId: string): Promise<PlotFrame['stats']> {
    const now = Date.now();
    const frame = await this.request('plots:range', { plotId, fromMs: now - 1000, toMs: now, pixelWidth: 16 });
    return frame.stats;
  }

  close(): void {
    this.socket.terminate();
  }
}

interface PublisherProcess {
  stop(): Promise<PublisherReport>;
}

interface PublisherReport {
  perChannel: Record<string, number>;
  failed: number;
}

function startPublisher(redisPort: number, streamCount: number): PublisherProcess {
  const script = fileURLToPath(import.meta.url);
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--import', 'tsx', script, PUBLISHER_FLAG, String(redisPort), String(streamCount)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    async stop() {
      if (child.exitCode === null) child.stdin.end('stop\n');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      const line = output.trim().split('\n').pop() ?? '';
      try {
        return JSON.parse(line) as PublisherReport;
      } catch {
        throw new Error(`The EEG publisher ended without a report: ${output.slice(-500)}`);
      }
    },
  };
}

/** The publisher process: the first `streamCount` streams at RATE_HZ on the wall clock, each sample stamped with its own time, until "stop" on stdin. */
async function runPublisher(redisPort: number, streamCount: number): Promise<void> {
  const redis = new Redis({ port: redisPort, host: '127.0.0.1', lazyConnect: true });
  await redis.connect();
  const users = Array.from({ length: streamCount }, (_, index) => new EegUserTraffic({ userId: `bench${index + 1}`, channelCount: CHANNEL_COUNT, rateHz: RATE_HZ, seed: 7919 * (index + 1) }));
  const perChannel: Record<string, number> = Object.fromEntries(users.map((user) => [user.rawChannel, 0]));
  let failed = 0;
  let sent = 0;
  let isSending = false;
  const startedMs = Date.now();
  const send = async (): Promise<void> => {
    if (isSending) return;
    isSending = true;
    try {
      const due = Math.floor(((Date.now() - startedMs) * RATE_HZ) / 1000);
      if (due <= sent) return;
      const pipeline = redis.pipeline();
      const order: string[] = [];
      for (let sample = sent; sample < due; sample++) {
        const timestampSeconds = (startedMs + (sample * 1000) / RATE_HZ) / 1000;
        for (const user of users) {
          pipeline.publish(user.rawChannel, user.nextRawPayload(timestampSeconds));
          order.push(user.rawChannel);
        }
      }
      sent = due;
      const replies = (await pipeline.exec()) ?? [];
      replies.forEach(([error], index) => {
        if (error) failed++;
        else perChannel[order[index]!]! += 1;
      });
    } finally {
      isSending = false;
    }
  };
  const timer = setInterval(() => void send(), PUBLISHER_TICK_MS);
  await new Promise<void>((resolve) => {
    process.stdin.on('data', (chunk: Buffer) => {
      if (chunk.toString('utf8').includes('stop')) resolve();
    });
    process.stdin.on('end', () => resolve());
  });
  clearInterval(timer);
  while (isSending) await sleep(10);
  await redis.quit();
  process.stdout.write(`${JSON.stringify({ perChannel, failed } satisfies PublisherReport)}\n`);
}

function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

function mib(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const flagIndex = process.argv.indexOf(PUBLISHER_FLAG);
  if (flagIndex >= 0) {
    await runPublisher(Number(process.argv[flagIndex + 1]), Number(process.argv[flagIndex + 2] ?? STREAM_COUNT));
  } else {
    const results = await measureEegBrowser({ quick: process.argv.includes('--quick') });
    console.table(results);
  }
}
