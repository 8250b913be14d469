/**
 * Starts the UDP receiver worker, from the build or from source.
 *
 * Built (electron-vite): out/main/udpReceiverWorker.js is its own entry;
 * the code starting it sits in out/main/busWorker.js or in a shared chunk in
 * out/main/chunks/, so both that folder and its parent are looked in.
 * From source (tsx, in tests): udpReceiverWorker.ts beside this file, run
 * through tsx's API in the worker, as busThread.ts does for the bus worker
 * (`--import tsx` in execArgv does not register tsx's loader in a worker).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { UdpReceiverWorkerData } from './udpReceiverProtocol';

export function startUdpReceiverWorker(workerData: UdpReceiverWorkerData): Worker {
  const here = new URL(import.meta.url);
  if (!here.pathname.endsWith('.ts')) return new Worker(builtWorkerUrl(here), { workerData });
  const sourceUrl = new URL('udpReceiverWorker.ts', here);
  const tsxApiUrl = import.meta.resolve('tsx/esm/api');
  const bootstrap =
    `import(${JSON.stringify(tsxApiUrl)})` +
    `.then(({ register }) => { register(); return import(${JSON.stringify(sourceUrl.href)}); });`;
  return new Worker(bootstrap, { workerData, eval: true });
}

function builtWorkerUrl(here: URL): URL {
  const beside = new URL('udpReceiverWorker.js', here);
  const above = new URL('../udpReceiverWorker.js', here);
  // A missing file fails the worker's start, which the link reports in words.
  return existsSync(fileURLToPath(beside)) || !existsSync(fileURLToPath(above)) ? beside : above;
}
