/**
 * What the request check cannot see in a bridge draft, said in words: a
 * serial bridge needs a port or the device's VID/PID, a UDP bridge listens on
 * an IP address (the bus resolves no names: a name could silently move the
 * socket to another interface), a channel template names a channel. A port
 * already in use is not known here: it is the running bridge's error.
 */
import { isIP } from 'node:net';
import type { BridgeDraft } from '../../shared/bridges';
import { parseSingleFieldPath } from '../../shared/fieldPath';
import { framingProblem } from './framing/framer';
import { fail, ok, type Result } from '../../shared/result';

export function validateBridgeDraft(draft: BridgeDraft): Result<void> {
  if (draft.name.trim() === '') return invalid('name', 'Give the bridge a name, for example "Incubator board".');
  if (draft.routing.channelTemplate.trim() === '') {
    return invalid('routing.channelTemplate', 'Enter the channel records are published to, for example devices:telemetry or devices:{device_id}:telemetry.');
  }
  const framing = framingProblem(draft.framing);
  if (framing !== null) return invalid('framing', framing);
  if (draft.kind === 'serial') {
    const serial = draft.serial;
    const hasDeviceIds = serial.vendorId.trim() !== '' && serial.productId.trim() !== '';
    if (serial.path.trim() === '' && !hasDeviceIds) {
      return invalid('serial.path', 'Choose a serial port, or give the device\'s vendor and product id (VID/PID) so Labwire can find it.');
    }
    return ok(undefined);
  }
  const udp = draft.udp;
  if (isIP(udp.listenHost) === 0) {
    return invalid('udp.listenHost', `"${udp.listenHost}" is not an IP address. Enter one such as 127.0.0.1 (this computer only) or 0.0.0.0 (every network).`);
  }
  if (udp.commandHost !== '' && isIP(udp.commandHost) === 0) {
    return invalid('udp.commandHost', `"${udp.commandHost}" is not an IP address. Enter the device's address, such as 192.168.1.40, or leave it empty to send no commands.`);
  }
  if (udp.commandHost !== '' && udp.commandPort === 0) return invalid('udp.commandPort', 'Enter the port the device takes commands on, or clear the command address.');
  if (udp.sequencePath !== '') {
    const path = parseSingleFieldPath(udp.sequencePath);
    if (!path.ok) return invalid('udp.sequencePath', path.error.message);
  }
  return ok(undefined);
}

function invalid(field: string, message: string): Result<void> {
  return fail('INVALID', message, { field });
}
