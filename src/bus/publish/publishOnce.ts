/**
 * The one way the bus sends a PUBLISH or SPUBLISH, whatever feature asks
 * (the publish panel, the demo simulator, the alerts' "publish changes to"):
 * at most once per call. On a Cluster it goes through clusterPublish.ts
 * (MOVED and ASK followed, a failover waited out, a write without a reply
 * reported as lost, never sent twice); on one server it is the client's own
 * PUBLISH, which has no offline queue and re-sends nothing.
 *
 * It rejects with the raw error, so each caller words it for its screen
 * (publishFailure.ts classifies it: not sent, refused, or lost).
 */
import { Cluster } from 'ioredis';
import type { PublishCommand } from '../../shared/publishing';
import type { LabwireClient } from '../connections/connectClient';
import { DEFAULT_CONNECTION_TIMING } from '../connections/connectionTiming';
import { CLUSTER_FAILOVER_WAIT_MS } from '../connections/redisClientOptions';
import { withDeadline } from '../connections/withDeadline';
import { publishThroughCluster } from './clusterPublish';

/** Beyond ioredis' own commandTimeout, so that one fires first; this only guards a client built without it. */
const REPLY_DEADLINE_MARGIN_MS = 1_000;

/** The reply timeout the client runs with (a Cluster's node option), for the words "no answer within 5 s". */
export function replyTimeoutOf(client: LabwireClient): number | undefined {
  return client instanceof Cluster ? client.options.redisOptions?.commandTimeout : client.options.commandTimeout;
}

/** Resolves with the server's receiver count; rejects with what went wrong (see publishFailure.ts). */
export function publishOnce(client: LabwireClient, command: PublishCommand, channel: string, payload: Buffer): Promise<number> {
  const replyTimeoutMs = replyTimeoutOf(client) ?? DEFAULT_CONNECTION_TIMING.commandTimeoutMs;
  if (client instanceof Cluster) {
    // A failover on a Cluster is waited out (within the retry budget) before the reply's own time starts to count.
    const clusterDeadlineMs = CLUSTER_FAILOVER_WAIT_MS + replyTimeoutMs;
    return withDeadline(publishThroughCluster(client, command, channel, payload, clusterDeadlineMs), clusterDeadlineMs + REPLY_DEADLINE_MARGIN_MS);
  }
  const sent = command === 'spublish' ? client.spublish(channel, payload).then(Number) : client.publish(channel, payload);
  return withDeadline(sent, replyTimeoutMs + REPLY_DEADLINE_MARGIN_MS);
}
