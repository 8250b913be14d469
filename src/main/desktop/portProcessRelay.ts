/**
 * The desktop host's half of the serial port processes
 * (src/bus/bridges/serial/portProcess.ts). The bus worker cannot start them
 * under Electron (a fork would run Electron's binary, and the packaged app
 * burns the RunAsNode fuse off), so it asks here, over a MessagePort handed
 * to it at start; this starts each as Electron's `utilityProcess` and
 * relays messages both ways. When the bus's end of the port closes (the
 * worker stopped or crashed) every process it asked for is killed, so none
 * holds a port for a bus that is gone.
 *
 * Electron is injected (`start`): the relay is tested under plain Node with
 * child_process standing in for utilityProcess.
 */
import type { MessagePort } from 'node:worker_threads';
import type { BusToRelayMessage, RelayToBusMessage } from '../../bus/bridges/serial/portProcessRelayProtocol';
import type { PortToLinkMessage } from '../../bus/bridges/serial/serialProcessProtocol';

/** What the relay needs of a started process: Electron's UtilityProcess has exactly this. */
export interface RelayedProcess {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

/** More at once is a runaway bus, not a lab bench. */
const MAX_PORT_PROCESSES = 64;

function isBusMessage(value: unknown): value is BusToRelayMessage {
  if (typeof value !== 'object' || value === null) return false;
  const { op, id } = value as { op?: unknown; id?: unknown };
  return (op === 'fork' || op === 'send' || op === 'kill') && typeof id === 'number';
}

/** Answers the bus on `port`; returns what kills every process it started (the app quitting). */
export function relayPortProcesses(port: MessagePort, start: () => RelayedProcess): () => void {
  const processes = new Map<number, RelayedProcess>();
  const toBus = (message: RelayToBusMessage): void => port.postMessage(message);

  const fork = (id: number): void => {
    if (processes.has(id)) return;
    if (processes.size >= MAX_PORT_PROCESSES) {
      toBus({ op: 'exit', id, how: `it could not be started: ${MAX_PORT_PROCESSES} serial port processes are already running` });
      return;
    }
    let child: RelayedProcess;
    try {
      child = start();
    } catch (error) {
      toBus({ op: 'exit', id, how: `it could not be started: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    processes.set(id, child);
    child.on('message', (message) => toBus({ op: 'message', id, message: message as PortToLinkMessage }));
    child.on('exit', (code) => {
      processes.delete(id);
      toBus({ op: 'exit', id, how: `exit code ${code}` });
    });
  };

  port.on('message', (message: unknown) => {
    if (!isBusMessage(message)) return;
    if (message.op === 'fork') fork(message.id);
    else if (message.op === 'send') processes.get(message.id)?.postMessage(message.message);
    else processes.get(message.id)?.kill();
  });
  const killAll = (): void => {
    for (const child of processes.values()) child.kill();
    processes.clear();
  };
  port.on('close', killAll);
  return killAll;
}
