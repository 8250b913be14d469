/**
 * The managed Redis's password: fresh random bytes for every server Labwire
 * spawns, handed to redis-server on its standard input (never on the command
 * line, where `ps` shows it to every user of the computer). The profile store
 * keeps it sealed, bound to 127.0.0.1 and the server's port.
 */
import { randomBytes } from 'node:crypto';

const PASSWORD_BYTES = 32;

/** base64url: no quotes, spaces or backslashes, so it is one plain word in a redis.conf line. */
export function generateLocalRedisPassword(): string {
  return randomBytes(PASSWORD_BYTES).toString('base64url');
}

/** The config redis-server reads from stdin (`redis-server -`); the other settings stay on the command line. */
export function stdinConfigFor(password: string): string {
  return `requirepass ${password}\n`;
}
