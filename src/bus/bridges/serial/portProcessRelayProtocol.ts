/**
 * The messages between the bus and the desktop host about port processes
 * (portProcess.ts `portProcessesFromHost`, src/main/desktop/portProcessRelay.ts),
 * over a MessagePort the host hands the bus worker at start. Ids are the bus's.
 */
import type { LinkToPortMessage, PortToLinkMessage } from './serialProcessProtocol';

export type BusToRelayMessage =
  /** Start a port process for this id. */
  | { op: 'fork'; id: number }
  | { op: 'send'; id: number; message: LinkToPortMessage }
  | { op: 'kill'; id: number };

export type RelayToBusMessage =
  | { op: 'message'; id: number; message: PortToLinkMessage }
  /** The process ended (or could not be started); `how` says so in words. Nothing more comes for this id. */
  | { op: 'exit'; id: number; how: string };
