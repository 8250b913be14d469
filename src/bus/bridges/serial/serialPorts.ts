/** The system's serial ports for the editor's list. Owned by the serial work; stub until it lands. */
import type { SerialPortInfo } from '../../../shared/bridges';

export async function listSerialPorts(): Promise<{ ports: SerialPortInfo[]; note: string | null }> {
  return { ports: [], note: 'Listing serial ports is not built yet: type the port path.' };
}
