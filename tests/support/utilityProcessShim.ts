/**
 * Loaded with --import before serialPortProcess.ts in a forked child: gives
 * it the `process.parentPort` an Electron utilityProcess has (messages
 * arrive as `{ data }`), over Node's IPC channel, so the port script's
 * utility-process branch runs under plain Node. Electron itself never runs
 * here; this stands in for it.
 */
const shimmed = process as unknown as { parentPort?: unknown };
shimmed.parentPort = {
  postMessage: (message: unknown): void => {
    process.send?.(message);
  },
  on: (event: string, listener: (event: { data: unknown }) => void): void => {
    if (event === 'message') process.on('message', (data) => listener({ data }));
  },
};
// A utility process has no 'disconnect' to end on: its host kills it. Keep the same here.
export {};
