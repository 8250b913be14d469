/**
 * `bridge-serial-links`: the serial bridge with its port in a child process
 * (the link Windows uses, forced here with LABWIRE_SERIAL_LINK=process)
 * against the in-thread link, in the same bus core and the same run, rounds
 * interleaved. Two rows:
 * - `bridge-serial-process`: records/s from a pty into Redis, baseline the
 *   in-thread link's records/s.
 * - `bridge-serial-process-cpu`: CPU time per record of the bus's process
 *   plus the port process (Linux /proc, clock ticks), baseline the in-thread
 *   link's CPU per record. Steadier than rates on a shared machine.
 * The device writes the same JSON lines as `bridge-serial` in 64 KiB writes,
 * paced to stay at most 6,000 records ahead of Redis (a loaded machine
 * otherwise fills the bridge's buffer and drops); the bench's own writing
 * and polling are in both variants' CPU alike.
 */
import { readdir, readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { SERIAL_LINK_VARIABLE, type SerialLinkKind } from '../src/bus/bridges/serial/serialLinkKind';
import { result, type BenchResult } from './benchResults';
import { checkNoRecordLost, deviceOutput, openSerialBenchCore, playDevicePaced, startRound, waitUntil, withSerialBridge, withSocatDevice, type RoundMeasure, type SerialBenchCore } from './serialBenchHarness';

const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

export interface BridgeSerialLinksSettings {
  records: number;
  rounds: number;
}

/** CPU µs (user + system) of this process's port-process children so far. */
async function portProcessCpuMicros(): Promise<number> {
  let ticks = 0;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const [stat, commandLine] = await Promise.all([readFile(`/proc/${entry}/stat`, 'utf8').catch(() => ''), readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')]);
    // After the command name's ')': state, ppid, ... utime is field 14 and stime 15 of the whole line.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[1]) !== process.pid || !commandLine.includes('serialPortProcess')) continue;
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1_000_000) / CLOCK_TICKS_PER_SECOND;
}

async function measureLink(bench: SerialBenchCore, kind: SerialLinkKind, chunks: readonly Buffer[], records: number): Promise<RoundMeasure> {
  // Read when the bridge's link is made, at start.
  process.env[SERIAL_LINK_VARIABLE] = kind;
  return withSocatDevice((devicePath, device) =>
    withSerialBridge(bench, devicePath, `Bench board (${kind})`, async (status) => {
      const endRound = await startRound(records, [portProcessCpuMicros]);
      await playDevicePaced(device, chunks, async () => (await status()).counters.recordsPublished);
      await waitUntil(async () => {
        const now = await status();
        checkNoRecordLost(now, `with the ${kind} link`);
        return now.counters.recordsPublished >= records;
      }, 'the bridge to publish every record');
      return await endRound();
    }),
  );
}

export async function runBridgeSerialLinksBench(redisPort: number, settings: BridgeSerialLinksSettings, progress: (line: string) => void): Promise<BenchResult[]> {
  const previousKind = process.env[SERIAL_LINK_VARIABLE];
  const bench = await openSerialBenchCore(redisPort);
  try {
    const chunks = deviceOutput(settings.records);
    const warmup = deviceOutput(2_000);
    progress(`bridge-serial-links: warming up, then ${settings.rounds} rounds of ${settings.records.toLocaleString('en-US')} JSON lines, process link and in-thread link alternating`);
    await measureLink(bench, 'process', warmup, 2_000);
    await measureLink(bench, 'thread', warmup, 2_000);
    const best = { process: { rate: 0, cpu: Infinity }, thread: { rate: 0, cpu: Infinity } };
    for (let round = 0; round < settings.rounds; round++) {
      for (const kind of round % 2 === 0 ? (['process', 'thread'] as const) : (['thread', 'process'] as const)) {
        const measured = await measureLink(bench, kind, chunks, settings.records);
        // This process (bus, Redis client, the bench's writes) plus the port process, per record.
        const cpuMicrosPerRecord = measured.cpuMicrosPerRecord + measured.otherCpuMicrosPerRecord;
        progress(
          `  round ${round + 1} ${kind}: ${Math.round(measured.perSecond).toLocaleString('en-US')} records/s, ` +
            `${cpuMicrosPerRecord.toFixed(2)} µs CPU/record (port process ${measured.otherCpuMicrosPerRecord.toFixed(2)})`,
        );
        best[kind].rate = Math.max(best[kind].rate, measured.perSecond);
        best[kind].cpu = Math.min(best[kind].cpu, cpuMicrosPerRecord);
      }
    }
    return [
      result('bridge-serial-process', best.process.rate, 'records/s from a pty into Redis, port in a child process (baseline: the in-thread link)', best.thread.rate),
      result('bridge-serial-process-cpu', best.process.cpu, 'µs CPU per record, bus process + port process (baseline: the in-thread link)', best.thread.cpu),
    ];
  } finally {
    if (previousKind === undefined) delete process.env[SERIAL_LINK_VARIABLE];
    else process.env[SERIAL_LINK_VARIABLE] = previousKind;
    await bench.dispose();
  }
}
