/**
 * The bus worker thread's CPU time per message in a real telemetry flood,
 * with the 100 quiet threshold rules of `alert-rules` and without, in
 * alternating rounds: the bench bus (its worker thread, a redis-server, the
 * publisher process) and `measureFeedRate`, with each thread's utime+stime
 * read from /proc/self/task around each round (Linux only). Not a row of
 * run.ts: `alert-rules` swings with the machine, while the worker's CPU per
 * message is what the rules add.
 *
 * `node --import tsx bench/alertRulesWorkerCpu.ts [pairs] [rules|none]`
 */
import { startRedisServer } from '../tests/support/redisServer';
import { measureFeedRate, quietRules, setRules } from './alertRules';
import { HISTORY_WARM_UP_MESSAGES, startBenchBus } from './benchBus';
import { busiestOtherThread, threadTicks, TICKS_PER_SECOND } from './threadTicks';

const MESSAGES_PER_ROUND = 100_000;

const pairs = Number(process.argv[2] ?? 4);
/** 'rules' or 'none' runs every round one way (for a CPU profile of one side); both alternate by default. */
const only = process.argv[3];
const server = await startRedisServer({ args: ['--client-output-buffer-limit', 'pubsub 0 0 0'] });
const bus = await startBenchBus(server.port);
const micros = (ticks: number): number => (ticks * 1e6) / TICKS_PER_SECOND / MESSAGES_PER_ROUND;
const results: Record<'rules' | 'none', number[]> = { rules: [], none: [] };
try {
  await setRules(bus, []);
  await measureFeedRate(bus, server.port, HISTORY_WARM_UP_MESSAGES);
  for (let pair = 0; pair < pairs; pair++) {
    const order = only === 'rules' ? [true, true] : only === 'none' ? [false, false] : pair % 2 === 0 ? [true, false] : [false, true];
    for (const hasRules of order) {
      await setRules(bus, hasRules ? quietRules() : []);
      const before = threadTicks();
      const rate = await measureFeedRate(bus, server.port, MESSAGES_PER_ROUND);
      const after = threadTicks();
      const mainThread = String(process.pid);
      const worker = micros(busiestOtherThread(before, after));
      results[hasRules ? 'rules' : 'none'].push(worker);
      console.log(`${hasRules ? 'rules' : 'none '}: worker ${worker.toFixed(2)} µs CPU per message, host ${micros(after.get(mainThread)! - before.get(mainThread)!).toFixed(2)}, ${Math.round(rate).toLocaleString('en-US')} msg/s`);
    }
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? Number.NaN;
  if (only === undefined) console.log(`median worker µs/message: rules ${median(results.rules).toFixed(2)}, none ${median(results.none).toFixed(2)}; capacity ratio ${(median(results.none) / median(results.rules)).toFixed(3)}`);
} finally {
  await bus.stop();
  await server.stop();
}
