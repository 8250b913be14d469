/**
 * What a failed stream read tells the user: the command the console ran,
 * on which key, and what to do. NOPERM names the command to grant, as lab
 * admins grant commands one by one (`+xrange`). Pure, unit-tested with
 * hand-made errors.
 */
import { fail, type Result } from '../../../shared/result';
import { toVisibleTextWithin } from '../../../shared/displayText';

const MAX_QUOTED_KEY_CHARS = 120;

export interface StreamCommandContext {
  /** The command as Redis names it: XREVRANGE, XINFO, SCAN, MEMORY. */
  command: string;
  key?: string;
  /** ACL user of the profile; empty for `default`. */
  username: string;
}

export function quotedKey(key: string): string {
  const visible = toVisibleTextWithin(key, MAX_QUOTED_KEY_CHARS);
  return `"${visible.text}${visible.isTruncated ? '…' : ''}"`;
}

export function streamCommandFailure<T = never>(error: unknown, context: StreamCommandContext): Result<T> {
  const detail = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : '';
  const user = context.username || 'default';
  const on = context.key === undefined ? '' : ` on ${quotedKey(context.key)}`;
  if (detail.startsWith('NOPERM')) {
    // Redis names the refused command ("… to run the 'xrange' command"); it may be another than the one the console thought of.
    const named = /'([a-z|]+)' command/i.exec(detail)?.[1];
    const command = named ? named.toUpperCase().replace('|', ' ') : context.command;
    const grant = /key|channel/i.test(detail) && !/command/i.test(detail)
      ? `This Redis user (${user}) may not read the key${on.replace(' on', '')}: ask the lab admin to grant access to it (a ~pattern in the ACL).`
      : `This Redis user (${user}) may not run ${command}${on}: ask the lab admin to grant +${command.toLowerCase().replace(' ', '|')} to ${user}.`;
    return fail('NOPERM', grant, { detail });
  }
  if (detail.startsWith('WRONGTYPE')) {
    return fail('INVALID', `The key${on.replace(' on', '')} is not a stream, so it has no entries to show.`, { detail });
  }
  if (name === 'ReplyError') return fail('REDIS_ERROR', `The server refused ${context.command}${on}: ${detail}`, { detail });
  if (detail === 'Command timed out' || name === 'DeadlineError') {
    return fail('TIMEOUT', `The server did not answer ${context.command}${on} in time. It may be busy or stopped; try again.`, { detail });
  }
  return fail('CONNECTION_LOST', `The connection dropped while reading${on}. Labwire reconnects by itself; try again when it is back.`, { detail });
}
