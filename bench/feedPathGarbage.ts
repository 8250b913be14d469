/**
 * Bytes the feed allocates per stream entry, by function: a sampling heap
 * profile that keeps collected objects (V8's includeObjectsCollectedByMinorGC
 * and ...MajorGC) over the one-loop stream path of feedPathCpu.ts, after two
 * warm-up rounds. Steadier than CPU time on a shared machine: the garbage a
 * change removes shows here whatever the load.
 *
 * `node --import tsx bench/feedPathGarbage.ts [entries]`; A/B two trees by
 * running each tree's copy in turn. "under deliverReply" is the feed's
 * receive side (the tail's delivery to the lane's history); "under cut" the
 * frames, the host's decode of them included.
 */
import { Session } from 'node:inspector/promises';
import { measureFeedPath } from './feedPathCpu';

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

const SAMPLING_INTERVAL_BYTES = 256;
const entries = Number(process.argv[2] ?? 200_000);
const session = new Session();
session.connect();
await measureFeedPath('stream', 100_000, 2);
// Node 20's typings do not list the two include flags V8 takes.
await session.post('HeapProfiler.startSampling', {
  samplingInterval: SAMPLING_INTERVAL_BYTES,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
} as { samplingInterval: number });
await measureFeedPath('stream', entries, 1);
const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as { profile: { head: ProfileNode } };
session.disconnect();

const byFunction = new Map<string, number>();
const bySide = new Map<string, number>();
let total = 0;
function walk(node: ProfileNode, side: string): void {
  const name = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').pop() ?? ''}`;
  const under = side === 'other' && /^(deliverReply|cut) /.test(name) ? name.split(' ')[0]! : side;
  if (node.selfSize > 0) {
    total += node.selfSize;
    byFunction.set(name, (byFunction.get(name) ?? 0) + node.selfSize);
    bySide.set(under, (bySide.get(under) ?? 0) + node.selfSize);
  }
  for (const child of node.children) walk(child, under);
}
walk(profile.head, 'other');
const perEntry = (bytes: number): string => (bytes / entries).toFixed(0).padStart(6);
console.log(`${perEntry(total)} bytes per entry in all`);
for (const [side, bytes] of bySide) console.log(`${perEntry(bytes)} under ${side}`);
for (const [name, bytes] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${perEntry(bytes)}  ${name}`);
