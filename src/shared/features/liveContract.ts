/** The live channels feature's slice of the contract: lanes, channel discovery and the feed. */
import type { ClusterNodesAsked } from '../clusterDiscovery';
import {
  DECODER_CHOICES,
  type DecoderChoice,
  type DiscoveredChannel,
  type FeedMessageDetail,
  type FeedSnapshot,
  type Lane,
  type LaneTarget,
} from '../liveChannels';
import { boolean, channelNameCheck, idCheck, integer, nullable, oneOf, optional, shape, string, variants } from '../requestChecks';
import { request } from '../requestSlice';

export interface LanePatch {
  isPaused?: boolean;
  /** '' clears the filter. */
  filter?: string;
  decoder?: DecoderChoice;
  /** Empty the lane's pause buffer and forget its shown messages in the bus history view. */
  shouldClear?: boolean;
  /** Stop applying a new filter to the messages held before it (what was searched stays as it is). */
  shouldStopFilterScan?: boolean;
  /** The field sequence numbers are read from ("seq", "header.seq"); '' checks none; null goes back to DEFAULT_SEQUENCE_FIELDS. Starts the lane's sequence counts again. */
  sequenceField?: string | null;
}

const decoder = oneOf(DECODER_CHOICES);

/** Shared with the plots slice: a plot draws from the same targets a lane listens to. */
export const laneTargetCheck = variants('kind', {
  channel: shape({ kind: oneOf(['channel']), name: channelNameCheck }),
  pattern: shape({ kind: oneOf(['pattern']), pattern: channelNameCheck }),
  stream: shape({ kind: oneOf(['stream']), key: channelNameCheck }),
  shard: shape({ kind: oneOf(['shard']), channel: channelNameCheck }),
  // bridgeName is the bus's label for the lane; a target sent back (a plot from a lane) may carry it.
  bridge: shape({ kind: oneOf(['bridge']), bridgeId: idCheck, bridgeName: optional(string(200)) }),
});

const lanePatch = shape({
  isPaused: optional(boolean),
  filter: optional(string(2000)),
  decoder: optional(decoder),
  shouldClear: optional(boolean),
  shouldStopFilterScan: optional(boolean),
  sequenceField: optional(nullable(string(200))),
});

const seq = integer(0, Number.MAX_SAFE_INTEGER);

export const LIVE_REQUESTS = {
  /** Add a lane: SUBSCRIBE (channel), PSUBSCRIBE (pattern) or a tail of new entries (stream). Resolves once the server answered. */
  'lanes:add': request<{ profileId: string; target: LaneTarget; decoder: DecoderChoice }, Lane>(
    shape({ profileId: idCheck, target: laneTargetCheck, decoder }),
  ),
  'lanes:remove': request<{ profileId: string; laneId: string }, { laneId: string }>(shape({ profileId: idCheck, laneId: idCheck })),
  'lanes:update': request<{ profileId: string; laneId: string; patch: LanePatch }, Lane>(
    shape({ profileId: idCheck, laneId: idCheck, patch: lanePatch }),
  ),
  'lanes:list': request<{ profileId: string }, Lane[]>(shape({ profileId: idCheck })),
  /** PUBSUB CHANNELS with a glob, NUMSUB of each, and NUMPAT; on a Cluster asked of every node and summed, plus sharded channels. */
  'channels:discover': request<
    { profileId: string; pattern: string },
    { channels: DiscoveredChannel[]; patternSubscriptions: number; isTruncated: boolean; clusterNodes?: ClusterNodesAsked }
  >(shape({ profileId: idCheck, pattern: channelNameCheck })),
  /** The full payload and decoded tree of one feed message, from the bus history. */
  'feed:message': request<{ profileId: string; seq: number }, FeedMessageDetail>(shape({ profileId: idCheck, seq })),
  /**
   * Recent feed messages from the bus history, newest first, with the
   * channel statistics, history and drops as of now (a window that was not
   * listening to frames is current at once, even on a silent channel).
   */
  'feed:recent': request<{ profileId: string; beforeSeq: number | null; limit: number }, FeedSnapshot>(
    shape({ profileId: idCheck, beforeSeq: nullable(seq), limit: integer(1, 5000) }),
  ),
};
