/** What is wrong with a UDP bridge's settings, in words, checked when it is saved (the contract checks only shapes). */
import { isIP } from 'node:net';
import type { UdpSettings } from '../../../shared/bridges';
import { parseSingleFieldPath } from '../../../shared/fieldPath';

const HOST_NAME_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/;

export function udpSettingsProblem(settings: UdpSettings): string | null {
  const listenProblem = hostProblem(settings.listenHost, 'listen');
  if (listenProblem) return listenProblem;
  if (!Number.isInteger(settings.listenPort) || settings.listenPort < 1 || settings.listenPort > 65_535) {
    return 'The listen port must be a whole number from 1 to 65535.';
  }
  const hasCommandHost = settings.commandHost.trim() !== '';
  const hasCommandPort = settings.commandPort !== 0;
  if (hasCommandHost && !hasCommandPort) return 'A command host is set but no command port; set both to send commands, or neither.';
  if (!hasCommandHost && hasCommandPort) return 'A command port is set but no command host; set both to send commands, or neither.';
  if (hasCommandHost) {
    const commandProblem = hostProblem(settings.commandHost, 'command');
    if (commandProblem) return commandProblem;
  }
  if (settings.sequencePath !== '') {
    const path = parseSingleFieldPath(settings.sequencePath);
    if (!path.ok) return `The sequence field: ${path.error.message}`;
  }
  return null;
}

function hostProblem(host: string, role: 'listen' | 'command'): string | null {
  if (host.trim() === '') return `The ${role} host is empty; use an address such as 127.0.0.1.`;
  if (isIP(host) !== 0 || HOST_NAME_PATTERN.test(host)) return null;
  return `The ${role} host "${host}" is neither an address (such as 127.0.0.1) nor a host name.`;
}
