/**
 * Sorts what a PUBLISH rejected with into what the user must be told: the
 * command never left (safe to try again), the server refused it, or its reply
 * was lost (it may have run: never re-sent by Labwire). Pure, unit-tested with
 * hand-made errors.
 *
 * The command connection has no offline queue and re-sends nothing, and the
 * publisher checks it is ready in the same tick it sends, so only "Stream
 * isn't writeable" means not sent; "Connection is closed." then comes from
 * ioredis flushing the commands already written when the socket closed.
 * Through a Cluster (clusterPublish.ts), NotSentError means no try reached a
 * socket, ReplyLostError that one did and got no answer, and "Too many
 * Cluster redirections" that every try was redirected or refused: not run.
 */

export type PublishFailure =
  /** Nothing was written to the socket. */
  | { kind: 'notSent'; reason: string }
  /** The server answered with an error: it did not publish. */
  | { kind: 'refused'; reason: string }
  /** Written, but no answer came back. */
  | { kind: 'lost'; reason: string };

export interface PublishFailureContext {
  channel: string;
  /** ACL user of the profile; empty for `default`. */
  username: string;
  /** The command connection's timeout, for the words "no answer within 5 s". */
  commandTimeoutMs: number | undefined;
}

/** How long a channel name may be when quoted in a message. */
const MAX_QUOTED_CHANNEL_CHARS = 120;

export function classifyPublishFailure(error: unknown, context: PublishFailureContext): PublishFailure {
  const text = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : '';
  if (name === 'ReplyError') return { kind: 'refused', reason: describeRefusal(text, context) };
  if (text.startsWith('Too many Cluster redirections')) {
    return {
      kind: 'refused',
      reason: `The cluster had no master ready for ${channelForMessage(context.channel)} (its slot was moving or its master failing over) for as long as Labwire waits, so nothing was published. Try again when the cluster is back.`,
    };
  }
  if (text.startsWith("Stream isn't writeable") || name === 'NotSentError') {
    return { kind: 'notSent', reason: 'The connection was not ready, so nothing was sent. Try again when it is connected.' };
  }
  const why =
    text === 'Command timed out' || name === 'DeadlineError'
      ? `no answer within ${formatSeconds(context.commandTimeoutMs)}`
      : 'the connection dropped';
  return { kind: 'lost', reason: `Sent, but the server's answer was lost (${why}). It may or may not have arrived.` };
}

function describeRefusal(detail: string, context: PublishFailureContext): string {
  const user = context.username || 'default';
  const channel = channelForMessage(context.channel);
  if (detail.startsWith('NOPERM')) {
    if (/'publish' command/i.test(detail)) return `User ${user} may not run the PUBLISH command on this server, so nothing was published.`;
    return `User ${user} may not publish to ${channel} on this server, so nothing was published.`;
  }
  return `The server refused to publish to ${channel}: ${detail}`;
}

/** Cut for the message only, with control characters (a newline in a channel name, say) made visible. */
export function channelForMessage(channel: string): string {
  const cut = channel.length > MAX_QUOTED_CHANNEL_CHARS ? `${channel.slice(0, MAX_QUOTED_CHANNEL_CHARS)}…` : channel;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be made visible
  return cut.replace(/[\u0000-\u001f\u007f]/g, '�');
}

function formatSeconds(milliseconds: number | undefined): string {
  if (milliseconds === undefined) return 'the time allowed';
  const seconds = milliseconds / 1000;
  return `${Number.isInteger(seconds) ? seconds : Number(seconds.toFixed(1))} s`;
}
