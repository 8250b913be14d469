/**
 * Plain sentences for a SUBSCRIBE or PSUBSCRIBE the server refused: who may
 * not listen where, and whether a permission was taken away while
 * listening.
 */
import { displayTextOfString } from '../../../shared/displayText';
import type { PubsubTarget } from './hubSubscription';
import type { BusError } from '../../../shared/result';

/** Long names are cut in messages; the lane itself shows the name. */
const MAX_NAME_CHARS_IN_MESSAGE = 120;

export function isReplyError(error: unknown): error is Error {
  return error instanceof Error && error.name === 'ReplyError';
}

export function describeTarget(target: PubsubTarget): string {
  if (target.kind === 'channel') return nameForMessage(target.name);
  return `channels matching ${nameForMessage(target.pattern)}`;
}

function nameForMessage(name: string): string {
  const display = displayTextOfString(name, MAX_NAME_CHARS_IN_MESSAGE);
  return display.isTruncated ? `${display.text}…` : display.text;
}

/**
 * `wasActive`: the subscription had worked on this server before, so the
 * refusal came with a resubscribe after the connection was cut (Redis cuts
 * subscribers whose channel permission is revoked).
 */
export function describeSubscriptionRefusal(error: Error, target: PubsubTarget, user: string, wasActive: boolean): BusError {
  const detail = error.message;
  const where = describeTarget(target);
  if (detail.startsWith('NOPERM')) {
    const command = /'([^']+)' command/.exec(detail)?.[1];
    if (command) {
      return { code: 'NOPERM', message: `User ${user} may not run the ${command.toUpperCase()} command on this server, so Labwire cannot listen on ${where} (NOPERM).`, detail };
    }
    const message = wasActive
      ? `The server no longer allows user ${user} to listen on ${where} (NOPERM). Its channel permissions were changed while Labwire was listening.`
      : `The server does not allow user ${user} to listen on ${where} (NOPERM).`;
    return { code: 'NOPERM', message, detail };
  }
  return { code: 'REDIS_ERROR', message: `The server refused to let Labwire listen on ${where}: ${detail}`, detail };
}
