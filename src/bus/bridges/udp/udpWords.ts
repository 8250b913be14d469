/** UDP socket errors and buffer sizes in words a technician can act on. */
import { fail, type Result } from '../../../shared/result';

export function describeBindError(error: Error, host: string, port: number): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EADDRINUSE':
      return `Another program already listens on UDP port ${port} at ${host}; stop it or choose another port.`;
    case 'EACCES':
    case 'EPERM':
      return `This user may not listen on UDP port ${port}${port < 1024 ? ' (ports below 1024 need administrator rights)' : ''}; choose a port from 1024 up.`;
    case 'EADDRNOTAVAIL':
      return `${host} is not an address of this computer, so nothing can listen there; use 127.0.0.1, 0.0.0.0 or one of its own addresses.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The listen host ${host} is not a name this computer can resolve; use an address such as 127.0.0.1.`;
    default:
      return `Could not listen on UDP ${host}:${port}: ${error.message}.`;
  }
}

export function describeSendError(error: Error, target: string): Result<never> {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EMSGSIZE') return fail('INVALID', `The command is too large for one UDP datagram to ${target}.`, { detail: error.message });
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return fail('UNREACHABLE', `The command host in ${target} is not a name this computer can resolve.`, { detail: error.message });
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return fail('UNREACHABLE', `There is no route to ${target}; check the command host and the network.`, { detail: error.message });
  return fail('CONNECTION_LOST', `The command could not be sent to ${target}; it was not retried.`, { detail: error.message });
}

/** "receive buffer 8 MiB", or what the kernel allowed instead and how to allow more. */
export function describeBufferSize(grantedBytes: number, askedBytes: number): string {
  // Linux reports twice the size set (it keeps room for its own bookkeeping), so half is what was granted.
  const granted = process.platform === 'linux' ? Math.floor(grantedBytes / 2) : grantedBytes;
  if (granted >= askedBytes) return `receive buffer ${inWords(granted)}`;
  return `receive buffer ${inWords(granted)} (asked for ${inWords(askedBytes)}; the system caps it, raise net.core.rmem_max to allow more)`;
}

function inWords(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  return `${Math.round(bytes / 1024)} KiB`;
}
