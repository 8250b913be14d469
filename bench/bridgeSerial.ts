/**
 * `bridge-serial`: records per second from a pty into Redis through a
 * serial bridge (the bus core with every feature, in this process: link,
 * lines framing, JSON reading, the envelope, PUBLISH on the profile's
 * connection, counted when Redis answered), as a ratio to a bare serialport
 * reader on the same kind of pty that only splits lines. The device is
 * played by writing the same JSON lines on the pty's bench end in 64 KiB
 * writes, each while at most 6,000 records are ahead of what the variant has
 * delivered (lines counted, PUBLISHes answered, records published: the
 * bridge's buffer to Redis holds 10,000); each round uses a fresh socat pair;
 * rounds alternate and the best of each counts.
 *
 * `bridge-serial-bare-publish` is the ceiling beside it: a bare publisher
 * doing the least any bridge must do (serialport reads, lines split, each
 * line one PUBLISH in raw RESP, pipelined on a plain socket, one write per
 * read, reads paused while the socket is full; no JSON, no envelope), counted
 * when Redis answered, against the same bare reader in the same run.
 * `bridge-serial-vs-bare-publish` is the bridge against that publisher.
 */
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { SerialPort } from 'serialport';
import { result, type BenchResult } from './benchResults';
import {
  checkNoRecordLost,
  countLines,
  deviceOutput,
  openSerialBenchCore,
  playDevice,
  startRound,
  waitUntil,
  withSerialBridge,
  withSocatDevice,
  redisCpuCounter,
  type CpuCounter,
  type RoundMeasure,
  type SerialBenchCore,
} from './serialBenchHarness';

/** The bare publisher's one channel (the bridge makes the same from each record's device_id). */
const BARE_CHANNEL = 'bench:board-1:telemetry';
/** `*3 $7 PUBLISH $<n> <channel>`: the part of every bare PUBLISH that does not change. */
const BARE_COMMAND_HEAD = Buffer.from(`*3\r\n$7\r\nPUBLISH\r\n$${Buffer.byteLength(BARE_CHANNEL)}\r\n${BARE_CHANNEL}\r\n`, 'latin1');
/** Beyond the head and the line itself: `$`, up to 10 digits, CR LF before the payload and CR LF after it. */
const BARE_COMMAND_EXTRA_BYTES = BARE_COMMAND_HEAD.length + 1 + 10 + 4;
const MINUS = 45;
const DOLLAR = 36;
const EMPTY: Buffer = Buffer.alloc(0);

export interface BridgeSerialSettings {
  records: number;
  rounds: number;
}

async function openPort(devicePath: string): Promise<SerialPort> {
  const port = new SerialPort({ path: devicePath, baudRate: 115_200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  return port;
}

async function closePort(port: SerialPort): Promise<void> {
  await new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve()));
}

/** Records per second a bare serialport reader counts, splitting lines and nothing else. */
export function measureBare(chunks: readonly Buffer[], records: number): Promise<RoundMeasure> {
  return withSocatDevice(async (devicePath, bench, socatCpu) => {
    const port = await openPort(devicePath);
    try {
      let lines = 0;
      port.on('data', (bytes: Buffer) => {
        lines += countLines(bytes);
      });
      const endRound = await startRound(records, [socatCpu]);
      playDevice(bench, chunks, () => lines);
      await waitUntil(() => lines >= records, 'the bare reader');
      return await endRound();
    } finally {
      await closePort(port);
    }
  });
}

/** `$<length>\r\n` at `offset`, digits written as bytes (no string per line); returns the offset after it. */
function writeLength(target: Buffer, offset: number, length: number): number {
  target[offset++] = DOLLAR;
  let divisor = 1;
  while (divisor * 10 <= length) divisor *= 10;
  for (; divisor >= 1; divisor = Math.floor(divisor / 10)) target[offset++] = 48 + (Math.floor(length / divisor) % 10);
  target[offset++] = 13;
  target[offset++] = 10;
  return offset;
}

/**
 * One read's whole lines as pipelined PUBLISH commands, in one buffer; `rest`
 * is the unfinished line before `bytes`, written in front of the first line
 * (not joined to the read first). Returns the commands and what is left
 * unfinished after them.
 */
function publishCommands(rest: Buffer, bytes: Buffer): { commands: Buffer; rest: Buffer } {
  const commands = Buffer.allocUnsafe(rest.length + bytes.length + countLines(bytes) * BARE_COMMAND_EXTRA_BYTES);
  let written = 0;
  let start = 0;
  let carried = rest;
  for (let end = bytes.indexOf(10); end !== -1; end = bytes.indexOf(10, start)) {
    written += BARE_COMMAND_HEAD.copy(commands, written);
    written = writeLength(commands, written, carried.length + end - start);
    if (carried.length > 0) {
      written += carried.copy(commands, written);
      carried = EMPTY;
    }
    written += bytes.copy(commands, written, start, end);
    commands[written++] = 13;
    commands[written++] = 10;
    start = end + 1;
  }
  // A copy, so an unfinished line does not hold the whole read.
  const unfinished = start < bytes.length ? Buffer.concat([carried, bytes.subarray(start)]) : carried;
  return { commands: commands.subarray(0, written), rest: unfinished };
}

/** Records per second a bare publisher gets answered by Redis: see the file's comment. */
export function measureBarePublish(redisPort: number, redisCpu: CpuCounter, chunks: readonly Buffer[], records: number): Promise<RoundMeasure> {
  return withSocatDevice(async (devicePath, bench, socatCpu) => {
    const socket: Socket = connect(redisPort, '127.0.0.1');
    socket.setNoDelay(true);
    await once(socket, 'connect');
    const port = await openPort(devicePath);
    try {
      // PUBLISH answers one integer line (never negative): a '-' is an error reply.
      let answered = 0;
      let refusal: string | null = null;
      socket.on('data', (bytes: Buffer) => {
        if (bytes.indexOf(MINUS) !== -1) refusal = bytes.toString('latin1');
        answered += countLines(bytes);
      });
      let rest = EMPTY;
      const resume = (): void => void port.resume();
      port.on('data', (bytes: Buffer) => {
        const next = publishCommands(rest, bytes);
        rest = next.rest;
        if (!socket.write(next.commands)) {
          port.pause();
          socket.once('drain', resume);
        }
      });
      const endRound = await startRound(records, [socatCpu, redisCpu]);
      playDevice(bench, chunks, () => answered);
      await waitUntil(() => {
        if (refusal !== null) throw new Error(`bridge-serial-bare-publish: Redis refused a PUBLISH: ${refusal}`);
        return answered >= records;
      }, 'Redis to answer the bare publisher');
      return await endRound();
    } finally {
      await closePort(port);
      socket.destroy();
    }
  });
}

/** Records per second published to Redis (answered) through a serial bridge. */
function measureBridge(bench: SerialBenchCore, redisCpu: CpuCounter, chunks: readonly Buffer[], records: number): Promise<RoundMeasure> {
  return withSocatDevice((devicePath, device, socatCpu) =>
    withSerialBridge(bench, devicePath, 'Bench board', async (status) => {
      const endRound = await startRound(records, [socatCpu, redisCpu]);
      playDevice(device, chunks, async () => (await status()).counters.recordsPublished);
      await waitUntil(async () => {
        const now = await status();
        checkNoRecordLost(now, 'through the bridge');
        return now.counters.recordsPublished >= records;
      }, 'the bridge to publish every record');
      return await endRound();
    }),
  );
}

type Variant = 'bridge' | 'bare' | 'barePublish';
const VARIANTS: readonly Variant[] = ['bridge', 'bare', 'barePublish'];

/** The rate, then CPU µs per record: main thread / this process / with the others (socat; Redis where it publishes). */
function describe(measure: RoundMeasure, unit: string): string {
  const machine = measure.cpuMicrosPerRecord + measure.otherCpuMicrosPerRecord;
  return `${Math.round(measure.perSecond).toLocaleString('en-US')} ${unit}/s (µs CPU each: ${measure.mainThreadMicrosPerRecord.toFixed(2)} / ${measure.cpuMicrosPerRecord.toFixed(2)} / ${machine.toFixed(2)})`;
}

export async function runBridgeSerialBench(redisPort: number, settings: BridgeSerialSettings, progress: (line: string) => void): Promise<BenchResult[]> {
  const bench = await openSerialBenchCore(redisPort);
  const redisCpu = redisCpuCounter(redisPort);
  try {
    const chunks = deviceOutput(settings.records);
    const measure = (variant: Variant): Promise<RoundMeasure> =>
      variant === 'bridge'
        ? measureBridge(bench, redisCpu.counter, chunks, settings.records)
        : variant === 'bare'
          ? measureBare(chunks, settings.records)
          : measureBarePublish(redisPort, redisCpu.counter, chunks, settings.records);
    // One unmeasured round of each at full size. Motivation: after a warm-up of 2,000 lines the first rounds cost
    // the bridge about twice the CPU per record of the later ones (9-13 µs against 4-7), the JIT still settling.
    progress(`bridge-serial: warming up, then ${settings.rounds} rounds of ${settings.records.toLocaleString('en-US')} JSON lines, bridge, bare reader and bare publisher in turn`);
    progress('  (CPU µs per record: the bench process\'s main thread / the whole process / with socat, and Redis where the round publishes)');
    for (const variant of VARIANTS) await measure(variant);
    const best: Record<Variant, { rate: number; cpu: number; machineCpu: number }> = {
      bridge: { rate: 0, cpu: Number.POSITIVE_INFINITY, machineCpu: Number.POSITIVE_INFINITY },
      bare: { rate: 0, cpu: Number.POSITIVE_INFINITY, machineCpu: Number.POSITIVE_INFINITY },
      barePublish: { rate: 0, cpu: Number.POSITIVE_INFINITY, machineCpu: Number.POSITIVE_INFINITY },
    };
    for (let round = 0; round < settings.rounds; round++) {
      // Each round starts with another variant, so none always runs first after the previous round's teardown.
      const order = VARIANTS.map((_, index) => VARIANTS[(index + round) % VARIANTS.length]!);
      const measured: Partial<Record<Variant, RoundMeasure>> = {};
      for (const variant of order) {
        const one = await measure(variant);
        measured[variant] = one;
        best[variant].rate = Math.max(best[variant].rate, one.perSecond);
        best[variant].cpu = Math.min(best[variant].cpu, one.cpuMicrosPerRecord);
        best[variant].machineCpu = Math.min(best[variant].machineCpu, one.cpuMicrosPerRecord + one.otherCpuMicrosPerRecord);
      }
      progress(
        `  round ${round + 1}: bridge ${describe(measured.bridge!, 'records')}, bare reader ${describe(measured.bare!, 'lines')}, ` +
          `bare publisher ${describe(measured.barePublish!, 'records')}`,
      );
    }
    return [
      result('bridge-serial', best.bridge.rate, 'records/s from a pty into Redis through a serial bridge (baseline: bare serialport reader splitting lines)', best.bare.rate),
      // Context, not the row: this process's CPU per record (Redis and socat not included), least of the rounds.
      result('bridge-serial-cpu', best.bridge.cpu, 'µs of bench-process CPU per record through the bridge (baseline: the bare reader per line)', best.bare.cpu),
      // Context: the ceiling. What the least publishing work leaves of the bare reader's rate on this machine, for any bridge.
      result(
        'bridge-serial-bare-publish',
        best.barePublish.rate,
        'records/s of a bare publisher: serialport lines, one raw pipelined PUBLISH each, answered (baseline: the bare reader splitting lines)',
        best.bare.rate,
      ),
      // Context: why. The bare publisher's CPU per record on the whole machine (this process, socat, redis-server), against the
      // bare reader's (this process, socat); two cores share it, so half of it is the least wall time a record can take.
      result(
        'bridge-serial-bare-publish-machine-cpu',
        best.barePublish.machineCpu,
        'µs of CPU per record, bench process + socat + redis-server, bare publisher (baseline: the bare reader, bench process + socat)',
        best.bare.machineCpu,
      ),
      result('bridge-serial-vs-bare-publish', best.bridge.rate, 'records/s through the serial bridge (baseline: the bare publisher, same run)', best.barePublish.rate),
    ];
  } finally {
    redisCpu.close();
    await bench.dispose();
  }
}
