/**
 * One PUBLISH or SPUBLISH through a Cluster client, honest through MOVED,
 * ASK and failovers.
 *
 * ioredis' Cluster (5.x, cluster/index.js handleError) follows MOVED and
 * ASK, waits and tries again on TRYAGAIN and CLUSTERDOWN (replies that mean
 * the command did not run), and also tries again when a node's connection
 * was closed. That last retry is safe only when the command never reached a
 * socket: a PUBLISH written to a master that died before answering may have
 * run, and sending it again could publish it twice. So each try is watched:
 * a try that wrote the command and ended without a reply stops the retrying
 * (ReplyLostError, outcome unknown); every other rejection goes on to the
 * Cluster's own retry logic, within its retry budget (clusterOptionsFor).
 */
import { Command, type Cluster } from 'ioredis';
import type { PublishCommand } from '../../shared/publishing';

/** Written to a node, which closed or went silent before answering: it may have run. */
export class ReplyLostError extends Error {
  override name = 'ReplyLostError';
}

/** No try ever reached a socket, and no retry is pending: nothing was published. */
export class NotSentError extends Error {
  override name = 'NotSentError';
}

/** ioredis' words for a closed node connection, which its Cluster treats as a failover and waits out. */
const CONNECTION_CLOSED_MESSAGE = 'Connection is closed.';
const NOT_WRITABLE_PREFIX = "Stream isn't writeable";

/**
 * Resolves with the receiver count. `deadlineMs` is the command's own timer
 * (it replaces the node's shorter commandTimeout, which would cut the wait
 * for a new owner short); when it fires the outcome is unknown, because a
 * retry the Cluster has scheduled may still send the command, once.
 */
export function publishThroughCluster(cluster: Cluster, command: PublishCommand, channel: string, payload: Buffer, deadlineMs: number): Promise<number> {
  const sent = new Command(command, [channel, payload]);
  let isWrittenThisTry = false;
  const write = sent.toWritable.bind(sent);
  sent.toWritable = (socket) => {
    isWrittenThisTry = true;
    return write(socket);
  };
  const settle = sent.reject;
  // Command keeps the first timer set; a node's commandTimeout then sets none.
  sent.setTimeout(deadlineMs);
  const promise = cluster.sendCommand(sent) as Promise<number>;
  const retry = sent.reject;
  sent.reject = (error: Error) => {
    if (isWrittenThisTry && error.name !== 'ReplyError') {
      settle(new ReplyLostError(error.message));
      return;
    }
    isWrittenThisTry = false;
    // A node client that is still connecting refuses to queue (offline queue off); nothing was written, so wait like a failover.
    retry(error.message.startsWith(NOT_WRITABLE_PREFIX) ? new Error(CONNECTION_CLOSED_MESSAGE) : error);
  };
  return promise.catch((error: unknown) => {
    throw describeFinal(error);
  });
}

function describeFinal(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  if (error.name === 'ReplyError' || error instanceof ReplyLostError) return error;
  if (error.message.startsWith('Too many Cluster redirections') || error.message === 'Command timed out') return error;
  return new NotSentError(error.message);
}
