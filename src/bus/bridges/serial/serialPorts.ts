/**
 * The system's serial ports for the editor's list, and for finding a saved
 * device again. On Linux serialport lists through `udevadm`, which
 * containers and minimal images often lack: then the list is empty or fails,
 * and the note tells the user to type the path.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type { SerialPortInfo } from '../../../shared/bridges';
import { fail, ok, type Result } from '../../../shared/result';
import { loadSerialPortModule } from './serialPortModule';

/** Listing runs udevadm (Linux) or asks the OS; one that hangs must not hold a bridge's reopen or the editor's list. */
const LIST_TIMEOUT_MS = 5_000;

/** The ports as serialport lists them, with missing facts as ''. Never throws. */
export async function readSerialPortList(timeoutMs = LIST_TIMEOUT_MS): Promise<Result<SerialPortInfo[]>> {
  const module = await loadSerialPortModule();
  if (!module.ok) return module;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timed out'>((resolve) => (timer = setTimeout(() => resolve('timed out'), timeoutMs)));
  try {
    const listed = await Promise.race([module.value.SerialPort.list(), timedOut]);
    if (listed === 'timed out') return fail('TIMEOUT', `Listing the serial ports took longer than ${timeoutMs / 1000} s.`);
    return ok(
      listed.map((port) => ({
        path: port.path,
        manufacturer: port.manufacturer ?? '',
        vendorId: port.vendorId ?? '',
        productId: port.productId ?? '',
        serialNumber: port.serialNumber ?? '',
      })),
    );
  } catch (error) {
    return fail('INTERNAL', 'The serial ports could not be listed.', { detail: error instanceof Error ? error.message : String(error) });
  } finally {
    clearTimeout(timer);
  }
}

/** True when an executable named `name` is on the PATH. */
export async function isOnPath(name: string, pathVariable = process.env['PATH'] ?? ''): Promise<boolean> {
  for (const folder of pathVariable.split(delimiter)) {
    if (folder === '') continue;
    try {
      await access(join(folder, name), constants.X_OK);
      return true;
    } catch {
      // Not in this folder.
    }
  }
  return false;
}

/** What the note depends on, gathered by listSerialPorts. */
export interface PortListFacts {
  platform: NodeJS.Platform;
  hasUdevadm: boolean;
}

function examplePath(platform: NodeJS.Platform): string {
  if (platform === 'win32') return 'COM3';
  if (platform === 'darwin') return '/dev/cu.usbserial-0001';
  return '/dev/ttyUSB0';
}

/** What to tell the user when the list is empty or could not be read. */
export function explainNoPorts(listError: string | null, facts: PortListFacts): string {
  const typeIt = `type the port path, e.g. ${examplePath(facts.platform)}.`;
  if (facts.platform === 'linux' && !facts.hasUdevadm) {
    return `No serial ports were found. Listing needs udevadm, which containers often lack; ${typeIt}`;
  }
  if (listError !== null) return `The serial ports could not be listed (${listError.replace(/\.$/, '')}); ${typeIt}`;
  return `No serial ports were found. Plug the device in and list again, or ${typeIt}`;
}

export async function listSerialPorts(): Promise<{ ports: SerialPortInfo[]; note: string | null }> {
  const module = await loadSerialPortModule();
  if (!module.ok) return { ports: [], note: module.error.message };
  const listed = await readSerialPortList();
  if (listed.ok && listed.value.length > 0) return { ports: listed.value, note: null };
  const listError = listed.ok ? null : (listed.error.detail ?? listed.error.message);
  const hasUdevadm = process.platform === 'linux' && (await isOnPath('udevadm'));
  return { ports: [], note: explainNoPorts(listError, { platform: process.platform, hasUdevadm }) };
}
