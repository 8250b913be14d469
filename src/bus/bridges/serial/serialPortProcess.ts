/**
 * A serial port in a process of its own: the entry of the child that the
 * process link (serialProcessDevice.ts) forks for each open. It uses
 * serialport's public SerialPort class on its own main thread, where every
 * platform's binding works (the Windows binding's reads and writes call back
 * through the main thread's loop, which the bus's worker thread is not).
 *
 * It holds one port: it opens it when told, sends what it reads in bounded
 * batches, writes each command once and answers with its outcome, and ends
 * when the port closes (asked, unplugged or failed) or when the bus goes
 * away (its IPC channel closes), so it never outlives the bus.
 *
 * Two ways to be started: forked by the bus (plain Node: `process.send`,
 * 'disconnect' when the bus goes), or as Electron's utilityProcess by the
 * desktop host (`process.parentPort`; the host kills it when the bus's end
 * of the relay closes, and Electron ends it with the app).
 */
import type { SerialPort } from 'serialport';
import {
  BATCH_WAIT_MS,
  MAX_BATCH_BYTES,
  describeError,
  type InFlightCaps,
  type LinkToPortMessage,
  type PortToLinkMessage,
} from './serialProcessProtocol';
import type { DeviceSettings } from './serialDevice';

let port: SerialPort | null = null;
let caps: InFlightCaps = { maxInFlightBytes: 0, maxInFlightBatches: 0 };
let isClosing = false;
let isEnding = false;

/** The batch being filled, and what was sent and not yet acknowledged. */
let pendingChunks: Buffer[] = [];
let pendingBytes = 0;
let inFlightBatches = 0;
let inFlightBytes = 0;
let droppedReads = 0;
let droppedBytes = 0;
let reportedDroppedReads = 0;
let flushTimer: NodeJS.Timeout | null = null;

const writeQueue: { id: number; bytes: Buffer }[] = [];
let isWriting = false;

/** Electron's utilityProcess side of the channel (absent under plain Node). */
interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}
const parentPort = (process as { parentPort?: ParentPort }).parentPort;
/** How long a utility process waits after its last message before it ends. */
const PARENT_PORT_FLUSH_MS = 200;

function send(message: PortToLinkMessage, then?: () => void): void {
  if (parentPort) {
    parentPort.postMessage(message);
    // postMessage says nothing of when the message left; ending at once could lose it (the host kills a lingering process anyway).
    if (then) setTimeout(then, PARENT_PORT_FLUSH_MS);
    return;
  }
  if (!process.connected) return end();
  process.send?.(message, undefined, undefined, () => then?.());
}

/** Ends the process; what was sent before is flushed by the callbacks that call this. */
function end(): void {
  if (isEnding) return;
  isEnding = true;
  process.exit(0);
}

function receive(chunk: Buffer): void {
  if (inFlightBytes + pendingBytes + chunk.length > caps.maxInFlightBytes) {
    // The newest is dropped: what is queued is already on its way to the link.
    droppedReads++;
    droppedBytes += chunk.length;
    scheduleFlush();
    return;
  }
  pendingChunks.push(chunk);
  pendingBytes += chunk.length;
  if (pendingBytes >= MAX_BATCH_BYTES) flush();
  else scheduleFlush();
}

function scheduleFlush(): void {
  flushTimer ??= setTimeout(flush, BATCH_WAIT_MS);
}

function flush(): void {
  if (flushTimer !== null) clearTimeout(flushTimer);
  flushTimer = null;
  if (pendingBytes === 0 && droppedReads === reportedDroppedReads) return;
  // Too many batches unacknowledged: 'delivered' flushes again.
  if (inFlightBatches >= caps.maxInFlightBatches) return;
  const bytes = pendingChunks.length === 1 ? pendingChunks[0]! : Buffer.concat(pendingChunks, pendingBytes);
  pendingChunks = [];
  pendingBytes = 0;
  inFlightBatches++;
  inFlightBytes += bytes.length;
  reportedDroppedReads = droppedReads;
  send({ type: 'bytes', bytes, droppedReads, droppedBytes });
}

function onDelivered(batches: number, bytes: number): void {
  inFlightBatches = Math.max(0, inFlightBatches - batches);
  inFlightBytes = Math.max(0, inFlightBytes - bytes);
  if (pendingBytes > 0 || droppedReads !== reportedDroppedReads) flush();
}

function writeNext(): void {
  const open = port;
  if (isWriting || open === null) return;
  const next = writeQueue.shift();
  if (next === undefined) return;
  isWriting = true;
  const finish = (error: Error | null | undefined): void => {
    isWriting = false;
    send({ type: 'wrote', id: next.id, error: error ? describeError(error) : null });
    writeNext();
  };
  // Written once: a failure is answered, never written again.
  open.write(next.bytes, (writeError) => (writeError ? finish(writeError) : open.drain(finish)));
}

async function openPort(path: string, settings: DeviceSettings): Promise<void> {
  let serialPortClass: typeof SerialPort;
  try {
    ({ SerialPort: serialPortClass } = await import('serialport'));
  } catch (error) {
    const message = `the serial port library could not be loaded (${describeError(error).message})`;
    return send({ type: 'openFailed', error: { code: null, message } }, end);
  }
  const opening = new serialPortClass({
    path,
    baudRate: settings.baudRate,
    dataBits: settings.dataBits,
    stopBits: settings.stopBits,
    parity: settings.parity,
    lock: true,
    hupcl: true,
    autoOpen: false,
  });
  opening.on('data', receive);
  // A failed read or write closes the port; 'close' reports it.
  opening.on('error', () => undefined);
  opening.on('close', (error: Error | null) => {
    port = null;
    flush();
    if (isClosing) return end();
    send({ type: 'gone', error: error ? describeError(error) : null }, end);
  });
  opening.open((error) => {
    if (error) return send({ type: 'openFailed', error: describeError(error) }, end);
    if (isClosing) return void opening.close(() => end());
    port = opening;
    send({ type: 'opened' });
    writeNext();
  });
}

function close(): void {
  isClosing = true;
  const open = port;
  if (open === null || !open.isOpen) return end();
  open.close(() => end());
}

function onMessage(message: LinkToPortMessage): void {
  switch (message.type) {
    case 'open':
      caps = message.caps;
      void openPort(message.path, message.settings);
      return;
    case 'write':
      writeQueue.push({ id: message.id, bytes: Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength) });
      writeNext();
      return;
    case 'delivered':
      onDelivered(message.batches, message.bytes);
      return;
    case 'close':
      close();
      return;
  }
}

if (parentPort) {
  parentPort.on('message', (event) => onMessage(event.data as LinkToPortMessage));
} else if (process.send === undefined) {
  process.stderr.write('serialPortProcess is started by Labwire\'s serial link, with an IPC channel.\n');
  process.exit(2);
} else {
  process.on('message', onMessage);
  // The bus went away (closed the channel, or died): close the port and end; no orphan holds it.
  process.on('disconnect', close);
}
