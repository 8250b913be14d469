/**
 * Live channels: the lanes users add per profile, and the feed they fill.
 * Answers the 'lanes:*', 'channels:discover' and 'feed:*' requests; the
 * per-profile work lives in ProfileFeed. Messages come from a MessageSource
 * (the SourceRouter in the bus, a FakeMessageSource in tests): lanes never
 * see which source delivers them.
 */
import type { ClusterNodesAsked } from '../../shared/clusterDiscovery';
import type { LanePatch } from '../../shared/contract';
import type { WireFeedFrame } from '../../shared/feedFrameWire';
import { parseFeedFilter } from '../../shared/feedFilter';
import { isSameLaneTarget, laneTargetName, unhandledTarget, type DecoderChoice, type DiscoveredChannel, type FeedHistoryState, type FeedMessageDetail, type FeedSnapshot, type Lane, type LaneSubscription, type LaneTarget } from '../../shared/liveChannels';
import { fail, ok, type Result } from '../../shared/result';
import type { ConnectionRegistry } from '../connections/connectionRegistry';
import { discoverChannels } from './channelDiscovery';
import { resolveFeedLimits, type FeedLimits } from './feedLimits';
import { snapshotLane, type LaneRecord } from './laneRecord';
import { LaneSequenceCheck } from './sequenceCheck';
import { PauseBuffer } from './pauseBuffer';
import { ProfileFeed } from './profileFeed';
import type { MessageSource, SourceSubscription } from '../sources/messageSource';

/** 'feed:recent' answers at most this many messages per call. */
const MAX_RECENT_MESSAGES = 5_000;
const EMPTY_HISTORY: FeedHistoryState = { heldMessages: 0, heldBytes: 0, capacityMessages: 0, capacityBytes: 0, evicted: 0, oldestSeq: 1 };

export interface LiveChannelsOptions {
  source: MessageSource;
  /** For 'channels:discover' alone (PUBSUB CHANNELS on the profile's command connection). */
  connections: Pick<ConnectionRegistry, 'commandClient'> & Partial<Pick<ConnectionRegistry, 'readyAnyClient'>>;
  /** Called from a timer with each profile's frame; must not block (the host drops frames for slow clients). */
  emitFrame(frame: WireFeedFrame): void;
  /** Smaller bounds for tests; production uses DEFAULT_FEED_LIMITS. */
  limits?: Partial<FeedLimits>;
}

export class LiveChannels {
  private readonly feeds = new Map<string, ProfileFeed>();
  private readonly limits: FeedLimits;
  private readonly stopFollowingConnections: () => void;
  private nextLaneNumber = 1;

  constructor(private readonly options: LiveChannelsOptions) {
    this.limits = resolveFeedLimits(options.limits);
    this.stopFollowingConnections = options.source.onDidChangeReceiving((profileId, state) => this.feeds.get(profileId)?.handleReceivingState(state));
  }

  /**
   * Subscribes and resolves once the server answered. A refusal (NOPERM) is
   * an error result and no lane is kept; a connection lost meanwhile keeps
   * the lane, 'interrupted', to resubscribe when the server is back.
   */
  async addLane(profileId: string, target: LaneTarget, decoder: DecoderChoice): Promise<Result<Lane>> {
    if (laneTargetName(target) === '') return fail('INVALID', emptyTargetMessage(target), { field: 'target' });
    if (this.options.source.receivingState(profileId).state !== 'ready') {
      return fail('NOT_CONNECTED', 'Labwire is not connected to this server. Connect first, then add the channel.');
    }
    const feed = this.feedFor(profileId);
    const duplicate = [...feed.lanes.values()].find((lane) => isSameLaneTarget(lane.target, target) && lane.decoder === decoder && lane.subscription.state().state !== 'refused');
    if (duplicate) {
      // A second lane would show every message twice over and count it twice: one lane per target and decoder.
      return fail('INVALID', `There is already a lane for ${targetInWords(target)} with this decoder. Use its filter to narrow it, or choose another decoder.`, { field: 'target' });
    }
    if (feed.lanes.size >= this.limits.lanesPerProfile) {
      return fail('INVALID', `A connection can have at most ${this.limits.lanesPerProfile} lanes. Remove one first.`);
    }
    const lane = this.createLane(feed, target, decoder);
    const settled = await firstAnswer(lane.subscription);
    if (lane.isRemoved || this.feeds.get(profileId) !== feed) {
      void lane.subscription.unsubscribe();
      return fail('NOT_CONNECTED', 'The connection was closed before the server answered.');
    }
    if (settled.state === 'refused') {
      feed.removeLane(lane);
      await lane.subscription.unsubscribe();
      return { ok: false, error: settled.error };
    }
    lane.isPending = false;
    feed.laneChanged(lane);
    return ok(snapshotLane(lane));
  }

  async removeLane(profileId: string, laneId: string): Promise<Result<{ laneId: string }>> {
    const lane = this.feeds.get(profileId)?.lanes.get(laneId);
    if (!lane || lane.isPending) return laneNotFound();
    this.feeds.get(profileId)!.removeLane(lane);
    await lane.subscription.unsubscribe();
    return ok({ laneId });
  }

  async updateLane(profileId: string, laneId: string, patch: LanePatch): Promise<Result<Lane>> {
    const feed = this.feeds.get(profileId);
    const lane = feed?.lanes.get(laneId);
    if (!feed || !lane || lane.isPending) return laneNotFound();
    if (patch.sequenceField !== undefined) {
      const set = lane.sequence.setField(patch.sequenceField ?? undefined);
      if (!set.ok) return set;
    }
    if (patch.filter !== undefined) {
      const filter = parseFeedFilter(patch.filter);
      if (!filter.ok) return filter;
      const isChanged = patch.filter.trim() !== lane.filterText;
      lane.filter = filter.value;
      lane.filterText = patch.filter.trim();
      if (isChanged) feed.applyFilterToHeld(lane);
    }
    if (patch.decoder !== undefined) lane.decoder = patch.decoder;
    if (patch.shouldClear) feed.clearLane(lane);
    if (patch.shouldStopFilterScan) lane.filterRun?.stop();
    if (patch.isPaused === true) lane.isPaused = true;
    if (patch.isPaused === false && lane.isPaused) feed.resume(lane);
    feed.laneChanged(lane);
    return ok(snapshotLane(lane));
  }

  lanes(profileId: string): Lane[] {
    const feed = this.feeds.get(profileId);
    if (!feed) return [];
    return [...feed.lanes.values()].filter((lane) => !lane.isPending).map(snapshotLane);
  }

  async discover(
    profileId: string,
    pattern: string,
  ): Promise<Result<{ channels: DiscoveredChannel[]; patternSubscriptions: number; isTruncated: boolean; clusterNodes?: ClusterNodesAsked }>> {
    // A Cluster profile has no single command connection: discovery asks each of its nodes.
    const client = this.options.connections.commandClient(profileId) ?? this.options.connections.readyAnyClient?.(profileId);
    if (!client && this.options.source.receivingState(profileId).state === 'ready') {
      // Receiving without a Redis connection: a source with no server behind it (the demo source).
      return fail('NOT_CONNECTED', 'This profile has no server to look for channels on: its data is generated on this computer. Add a lane by name or pattern instead.');
    }
    if (!client) return fail('NOT_CONNECTED', 'Labwire is not connected to this server. Connect first, then look for channels.');
    return discoverChannels(client, pattern);
  }

  messageDetail(profileId: string, seq: number): Result<FeedMessageDetail> {
    const feed = this.feeds.get(profileId);
    if (!feed) return fail('NOT_FOUND', 'This connection has no live feed. Add a channel first.');
    return feed.messageDetail(seq);
  }

  recent(profileId: string, beforeSeq: number | null, limit: number): Result<FeedSnapshot> {
    const feed = this.feeds.get(profileId);
    if (!feed) return ok({ messages: [], channels: [], history: { ...EMPTY_HISTORY, capacityMessages: this.limits.historyMessages, capacityBytes: this.limits.historyBytes }, dropped: {} });
    return ok(feed.snapshot(beforeSeq, Math.max(0, Math.min(limit, MAX_RECENT_MESSAGES))));
  }

  /** Drops the profile's lanes and feed and leaves their subscriptions; busCore closes the sources' side of the profile. */
  closeProfile(profileId: string): void {
    const feed = this.feeds.get(profileId);
    if (!feed) return;
    this.feeds.delete(profileId);
    const lanes = [...feed.lanes.values()];
    feed.close();
    for (const lane of lanes) void lane.subscription.unsubscribe();
  }

  dispose(): void {
    for (const profileId of [...this.feeds.keys()]) this.closeProfile(profileId);
    this.stopFollowingConnections();
  }

  private feedFor(profileId: string): ProfileFeed {
    let feed = this.feeds.get(profileId);
    if (!feed) {
      feed = new ProfileFeed(profileId, this.limits, (frame) => this.options.emitFrame(frame));
      this.feeds.set(profileId, feed);
    }
    return feed;
  }

  private createLane(feed: ProfileFeed, target: LaneTarget, decoder: DecoderChoice): LaneRecord {
    const id = `lane-${this.nextLaneNumber++}`;
    // A source never delivers during subscribe(), so the first message finds the lane declared below.
    const subscription = this.options.source.subscribe(feed.profileId, target, (message) => feed.ingest(lane, message));
    const lane: LaneRecord = {
      id,
      profileId: feed.profileId,
      target,
      decoder,
      filterText: '',
      filter: { kind: 'none' },
      filterRun: null,
      subscription,
      isPaused: false,
      pause: new PauseBuffer(this.limits.pauseBufferMessages, this.limits.pauseBufferBytes),
      counters: { received: 0, shown: 0, filteredOut: 0 },
      sequence: new LaneSequenceCheck(),
      clearedBeforeSeq: 0,
      isPending: true,
      isRemoved: false,
    };
    subscription.onDidChangeState(() => feed.laneChanged(lane));
    feed.addLane(lane);
    return lane;
  }
}

/** The first state after 'subscribing': active, refused, or interrupted (the connection dropped first). */
function firstAnswer(subscription: SourceSubscription): Promise<LaneSubscription> {
  const current = subscription.state();
  if (current.state !== 'subscribing') return Promise.resolve(current);
  return new Promise((resolve) => {
    const stop = subscription.onDidChangeState((state) => {
      if (state.state === 'subscribing') return;
      stop();
      resolve(state);
    });
  });
}

function emptyTargetMessage(target: LaneTarget): string {
  switch (target.kind) {
    case 'channel':
      return 'Enter the name of a channel.';
    case 'pattern':
      return 'Enter a pattern, for example user:*:raw.';
    case 'stream':
      return 'Enter the key of a stream, for example lab:tasks.';
    case 'shard':
      return 'Enter the name of a sharded channel.';
    case 'bridge':
      return 'Choose a device bridge.';
    default:
      return unhandledTarget(target);
  }
}

function targetInWords(target: LaneTarget): string {
  switch (target.kind) {
    case 'channel':
      return `the channel ${target.name}`;
    case 'pattern':
      return `the pattern ${target.pattern}`;
    case 'stream':
      return `the stream ${target.key}`;
    case 'shard':
      return `the sharded channel ${target.channel}`;
    case 'bridge':
      return `the device bridge ${target.bridgeId}`;
    default:
      return unhandledTarget(target);
  }
}

function laneNotFound<T>(): Result<T> {
  return fail('NOT_FOUND', 'That lane no longer exists. It may have been removed, or its connection closed.');
}
