/**
 * A serial port as a BridgeLink. The port is driven either from this thread
 * (opened through serialport's binding, read and written through a tty
 * stream: serialDevice.ts) or from a process of its own
 * (serialProcessDevice.ts, for Windows); serialLinkKind.ts chooses. Both give
 * a SerialDevice, so everything below is the same for both. It always reads:
 * an unplug is only seen by a read that fails, so a paused bridge still
 * reads here and drops in the runtime. A lost or unopenable device is
 * reopened with backoff; a saved device is found again by its USB ids when
 * its path changed (deviceMatch.ts); a silent device is reported by the
 * watchdog and, when the settings say so, reopened.
 */
import type { SerialPortInfo, SerialSettings } from '../../../shared/bridges';
import type { HostKind } from '../../../shared/features/systemContract';
import { fail, ok, type Result } from '../../../shared/result';
import type { BridgeLink, LinkChunk, LinkDrops, LinkStatus } from '../bridgeLink';
import { chooseDevicePath, hasDeviceIdentity, type DeviceChoice } from './deviceMatch';
import { describeLoss, describeOpenFailure, describeWriteFailure, formatDelay, isPermanentOpenFailure } from './serialErrorWords';
import { checkDeviceSettings, openSerialDevice, type DeviceSettings, type SerialDevice } from './serialDevice';
import { chooseSerialLinkKind, type SerialLinkKind } from './serialLinkKind';
import { openSerialDeviceInProcess } from './serialProcessDevice';
import { choosePortProcessLauncher, mayForkPortProcess, type PortProcessLauncher } from './portProcess';
import type { InFlightCaps } from './serialProcessProtocol';
import { loadSerialNativeCalls } from './serialPortModule';
import { readSerialPortList } from './serialPorts';

/** Backoff between opens: 250 ms doubling to 5 s. */
export const FIRST_REOPEN_DELAY_MS = 250;
export const MAX_REOPEN_DELAY_MS = 5_000;
/** A port that stayed open this long was a good open: the next loss starts the backoff again at 250 ms. */
const STABLE_OPEN_MS = 2_000;
/** A write the device does not take in this time (flow control held, nobody reading) is reported as failed. */
const WRITE_TIMEOUT_MS = 5_000;

export interface SerialLinkOptions {
  /** The system's port list, for finding a device by its USB ids; tests pass a fake list (udev does not list pseudo-terminals). */
  readPortList?: () => Promise<Result<SerialPortInfo[]>>;
  /** How long a write may wait for the device; 5 s unless a test shortens it. */
  writeTimeoutMs?: number;
  /** Where the port is driven; chooseSerialLinkKind's answer unless a test says. */
  linkKind?: SerialLinkKind;
  /** The port process's caps on bytes sent and not yet taken; tests lower them to provoke drops. */
  processCaps?: InFlightCaps;
  /** The host the bus serves: the desktop app cannot fork the port process (see portProcess.ts). */
  hostKind?: HostKind;
  /** The desktop host's way to start port processes (Electron's utilityProcess), when it gave one. */
  portProcesses?: PortProcessLauncher | undefined;
}

type OpenDevice = (path: string, settings: DeviceSettings) => Promise<SerialDevice>;

/** How this kind of link opens a device, or why it cannot run here (in words: the bridge fails and stops trying). */
async function prepareOpening(kind: SerialLinkKind, options: SerialLinkOptions): Promise<Result<OpenDevice>> {
  if (kind === 'process') {
    const launcher = choosePortProcessLauncher(options.portProcesses, mayForkPortProcess(options.hostKind));
    return launcher.ok ? ok((path, settings) => openSerialDeviceInProcess(path, settings, { caps: options.processCaps, launch: launcher.value })) : launcher;
  }
  const natives = await loadSerialNativeCalls();
  return natives.ok ? ok((path, settings) => openSerialDevice(natives.value, path, settings)) : natives;
}

export function createSerialLink(settings: SerialSettings, options: SerialLinkOptions = {}): BridgeLink {
  const readPortList = options.readPortList ?? readSerialPortList;
  const writeTimeoutMs = options.writeTimeoutMs ?? WRITE_TIMEOUT_MS;
  const linkKind = options.linkKind ?? chooseSerialLinkKind(process.platform, process.env);
  const statusListeners = new Set<(status: LinkStatus) => void>();
  const dataListeners = new Set<(chunk: LinkChunk) => void>();
  let status: LinkStatus = { state: 'closed', endpoint: settings.path, detail: null };
  let isStarted = false;
  let isStopped = false;
  /** The open device; null while opening, reopening or stopped. Events of any other device are stale. */
  let port: SerialDevice | null = null;
  let openPath = settings.path;
  /** Bumped by every open attempt and by stop(): an attempt that finds another number was overtaken. */
  let attemptNumber = 0;
  let openingTask: Promise<void> | null = null;
  let reopenDelayMs = FIRST_REOPEN_DELAY_MS;
  let reopenTimer: ReturnType<typeof setTimeout> | null = null;
  let watchdogTimer: ReturnType<typeof setTimeout> | null = null;
  let openedAtMs = 0;
  let lastByteAtMs = 0;
  /** Drops of devices already closed; the open one's are added when asked. */
  let closedDeviceDrops: LinkDrops = { chunks: 0, bytes: 0 };

  function setStatus(next: LinkStatus): void {
    status = next;
    for (const listener of statusListeners) listener(status);
  }

  /** The device is no longer ours: its drops join the totals. */
  function retire(device: SerialDevice): void {
    const drops = device.drops?.();
    if (drops !== undefined) closedDeviceDrops = { chunks: closedDeviceDrops.chunks + drops.chunks, bytes: closedDeviceDrops.bytes + drops.bytes };
  }

  function giveUp(reason: string): void {
    setStatus({ state: 'failed', endpoint: openPath, detail: reason });
  }

  function reopenLater(reason: string): void {
    if (isStopped) return;
    const delayMs = reopenDelayMs;
    reopenDelayMs = Math.min(reopenDelayMs * 2, MAX_REOPEN_DELAY_MS);
    setStatus({ state: 'reopening', endpoint: openPath, detail: `${reason.replace(/\.$/, '')}; trying again in ${formatDelay(delayMs)}.` });
    reopenTimer = setTimeout(() => {
      reopenTimer = null;
      beginOpen();
    }, delayMs);
  }

  function beginOpen(): void {
    openingTask = openDevice().catch((error: unknown) => {
      // A bug must not become an unhandled rejection in the bus worker: the bridge says so and stops trying.
      giveUp(`Opening ${openPath} failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  async function chooseDevice(): Promise<DeviceChoice> {
    if (!hasDeviceIdentity(settings)) return chooseDevicePath(settings, null);
    const listed = await readPortList();
    return chooseDevicePath(settings, listed.ok ? listed.value : null);
  }

  async function openDevice(): Promise<void> {
    const attempt = ++attemptNumber;
    const isOvertaken = (): boolean => attempt !== attemptNumber || isStopped;
    if (status.state === 'closed') setStatus({ state: 'opening', endpoint: openPath, detail: null });
    if (settings.path.trim() === '') return giveUp('No port path is set: choose a port from the list or type its path.');
    const badSettings = checkDeviceSettings(settings);
    if (badSettings !== null) return giveUp(`The settings for ${settings.path} are not valid: ${badSettings}.`);
    const opening = await prepareOpening(linkKind, options);
    if (isOvertaken()) return;
    if (!opening.ok) return giveUp(opening.error.message);
    const choice = await chooseDevice();
    if (isOvertaken()) return;
    if (choice.kind === 'wait') return reopenLater(choice.reason);
    openPath = choice.path;
    let opened: SerialDevice;
    try {
      opened = await opening.value(choice.path, settings);
    } catch (error) {
      if (isOvertaken()) return;
      if (isPermanentOpenFailure(error)) return giveUp(`${describeOpenFailure(choice.path, error)}.`);
      return reopenLater(describeOpenFailure(choice.path, error));
    }
    if (isOvertaken()) return opened.close();
    startReading(opened, choice.foundBy === null ? choice.path : `${choice.path} (found by ${choice.foundBy})`);
  }

  function startReading(opened: SerialDevice, endpoint: string): void {
    port = opened;
    openedAtMs = Date.now();
    lastByteAtMs = openedAtMs;
    opened.onData((bytes) => {
      if (port !== opened) return;
      lastByteAtMs = Date.now();
      if (status.state === 'stalled') {
        setStatus({ state: 'open', endpoint: status.endpoint, detail: null });
        armWatchdog();
      }
      const chunk: LinkChunk = { bytes, isWholeRecord: false, receivedAt: lastByteAtMs };
      for (const listener of dataListeners) listener(chunk);
    });
    opened.onGone((reason) => {
      if (port !== opened) return;
      port = null;
      retire(opened);
      clearWatchdog();
      if (Date.now() - openedAtMs >= STABLE_OPEN_MS) reopenDelayMs = FIRST_REOPEN_DELAY_MS;
      reopenLater(reason ?? describeLoss(openPath));
    });
    setStatus({ state: 'open', endpoint, detail: null });
    armWatchdog();
  }

  function clearWatchdog(): void {
    if (watchdogTimer !== null) clearTimeout(watchdogTimer);
    watchdogTimer = null;
  }

  /** One timer at the moment the silence would reach stallAfterMs, not one reset per chunk. */
  function armWatchdog(): void {
    clearWatchdog();
    if (settings.stallAfterMs <= 0 || port === null) return;
    const dueInMs = Math.max(0, lastByteAtMs + settings.stallAfterMs - Date.now());
    watchdogTimer = setTimeout(checkForStall, dueInMs);
  }

  function checkForStall(): void {
    watchdogTimer = null;
    const stalledPort = port;
    if (stalledPort === null || isStopped) return;
    if (Date.now() - lastByteAtMs < settings.stallAfterMs) return armWatchdog();
    const silence = `No bytes from ${openPath} for ${formatDelay(settings.stallAfterMs)}`;
    if (!settings.shouldReopenOnStall) {
      // Stays 'stalled' until a byte arrives; the data handler re-arms the watchdog.
      setStatus({ state: 'stalled', endpoint: status.endpoint, detail: `${silence}: the port is open but the device sends nothing.` });
      return;
    }
    setStatus({ state: 'stalled', endpoint: status.endpoint, detail: `${silence}; reopening it.` });
    port = null;
    retire(stalledPort);
    reopenDelayMs = FIRST_REOPEN_DELAY_MS;
    void stalledPort.close().then(() => reopenLater(silence));
  }

  function write(bytes: Buffer): Promise<Result<{ bytesWritten: number }>> {
    const target = port;
    if (target === null || isStopped) {
      return Promise.resolve(fail('NOT_CONNECTED', `${openPath} is not open now (${status.state}); the bytes were not sent.`));
    }
    if (bytes.length === 0) return Promise.resolve(ok({ bytesWritten: 0 }));
    const path = openPath;
    return new Promise((resolve) => {
      let isSettled = false;
      const settle = (result: Result<{ bytesWritten: number }>): void => {
        if (isSettled) return;
        isSettled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const timer = setTimeout(() => {
        const message = `The device on ${path} did not take ${bytes.length} bytes within ${formatDelay(writeTimeoutMs)} (flow control held, or it is not reading); they may still go out when it reads, and are not sent again.`;
        settle(fail('TIMEOUT', message));
      }, writeTimeoutMs);
      target.write(bytes).then(
        () => settle(ok({ bytesWritten: bytes.length })),
        (error: unknown) => settle(fail('CONNECTION_LOST', describeWriteFailure(path, error), { detail: String(error) })),
      );
    });
  }

  return {
    start() {
      if (isStarted || isStopped) return;
      isStarted = true;
      beginOpen();
    },
    async stop() {
      if (isStopped) return;
      isStopped = true;
      attemptNumber += 1;
      if (reopenTimer !== null) clearTimeout(reopenTimer);
      reopenTimer = null;
      clearWatchdog();
      // An open under way closes what it opened once it sees it was overtaken.
      await openingTask;
      const closing = port;
      port = null;
      if (closing !== null) {
        retire(closing);
        await closing.close();
      }
      setStatus({ state: 'closed', endpoint: openPath, detail: null });
    },
    status: () => status,
    onDidChangeStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    onData(listener) {
      dataListeners.add(listener);
      return () => dataListeners.delete(listener);
    },
    write,
    droppedChunks() {
      const open = port?.drops?.() ?? { chunks: 0, bytes: 0 };
      return { chunks: closedDeviceDrops.chunks + open.chunks, bytes: closedDeviceDrops.bytes + open.bytes };
    },
  };
}
