/**
 * A worker-thread entry that runs the real serial link, as the bus worker
 * does: it reports which native binding file was loaded, the port list, each
 * status and chunk, and answers write and stop messages.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { defaultSerialSettings } from '../../src/shared/bridges';
import { createSerialLink } from '../../src/bus/bridges/serial/serialLink';
import { listSerialPorts } from '../../src/bus/bridges/serial/serialPorts';

export type SerialWorkerRequest = { kind: 'write'; text: string } | { kind: 'stop' };

const channel = parentPort;
if (channel === null) throw new Error('serialLinkWorker runs only as a worker thread');
const { devicePath } = workerData as { devicePath: string };

const require = createRequire(import.meta.url);
const bindingsEntry = require.resolve('@serialport/bindings-cpp');
// node-gyp-build prefers a compiled build/ folder over prebuilds/: the path it picks tells which one a load takes.
const nodeGypBuild = createRequire(bindingsEntry)('node-gyp-build') as { path(folder: string): string };
const loadedFrom = nodeGypBuild.path(dirname(dirname(bindingsEntry)));

const link = createSerialLink({ ...defaultSerialSettings(), path: devicePath, stallAfterMs: 0 });
link.onDidChangeStatus((status) => channel.postMessage({ kind: 'status', status }));
link.onData((chunk) => channel.postMessage({ kind: 'data', text: chunk.bytes.toString() }));
channel.on('message', (request: SerialWorkerRequest) => {
  if (request.kind === 'write') {
    void link.write(Buffer.from(request.text)).then((result) => channel.postMessage({ kind: 'written', result }));
  } else {
    void link.stop().then(() => channel.postMessage({ kind: 'stopped' }));
  }
});
channel.postMessage({ kind: 'loaded', loadedFrom, listed: await listSerialPorts() });
link.start();
