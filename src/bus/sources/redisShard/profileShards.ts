/**
 * One Cluster profile's sharded channels. A sharded channel lives on the
 * master that owns its slot: SSUBSCRIBE is sent there, over one connection
 * per owner node, and only once that connection is 'ready' (ioredis#2037: a
 * subscribe written during the handshake makes Redis refuse the ready
 * check's INFO, and ioredis drops the connection).
 *
 * When an owner's connection ends (the node died) or the slot moved (Redis
 * answers MOVED, or pushes an unasked `sunsubscribe` when a slot migrates),
 * its channels are 'interrupted', the receiving state says 'reconnecting',
 * and the slot map is read again every FAST_POLL_INTERVAL_MS (one read at a
 * time) until every channel is back: each is subscribed on its owner as soon
 * as the map names one, and a channel still waiting for a connection to an
 * owner the map no longer names moves to the new one. After
 * FAST_POLL_WINDOW_MS the reads back off, so a cluster that stays down is
 * not asked many times a second. Meanwhile the lost owner's replicas
 * (slotReplicas.ts) are watched over connections opened at once
 * (promotionProbe.ts): the one promoted takes the channels the moment it
 * says it is master, before the slot map shows it. When every channel is
 * back, 'ready' carries the gap and the replicas' idle connections close.
 *
 * ioredis's own `shardedSubscribers` was not used: on a killed owner it
 * emitted hundreds of identical errors and did not say when it was deaf
 * (issue #15).
 */
import { Cluster, type Redis } from 'ioredis';
import type { ConnectionState } from '../../../shared/connectionState';
import type { LaneSubscription } from '../../../shared/liveChannels';
import type { BusError } from '../../../shared/result';
import type { ConnectionRegistry } from '../../connections/connectionRegistry';
import type { NodeEndpoint } from '../../connections/redisEndpoint';
import { isSameBytes } from '../../decode/sameBytes';
import type { SourceMessage } from '../messageSource';
import { describeSubscriptionRefusal, isReplyError } from '../redisPubsub/subscriptionRefusal';
import { clusterSlotOf } from './clusterSlot';
import { PromotionProbe } from './promotionProbe';
import { readSlotReplicas } from './slotReplicas';
import { ShardConsumer, type ShardEntry, type ShardTarget } from './shardConsumer';

/** What this source needs of the registry. */
export type ShardConnections = Pick<ConnectionRegistry, 'stateOf' | 'topologyModeOf' | 'clusterSlotOwner' | 'refreshClusterSlots' | 'clusterNodeClient' | 'readyAnyClient'>;

/**
 * While a channel is away, the slot map is read this often: a promoted
 * replica or a migrated slot is found within it. Each read is one CLUSTER
 * SLOTS (ioredis's refreshSlotsCache, one at a time). Motivation: with a
 * 100 ms doubling to 250 ms backoff the lane came back 0.98–1.03 times as
 * late as bare ioredis (failover-recovery-cluster, session 7 and 8).
 */
const FAST_POLL_INTERVAL_MS = 50;
/** How long into an outage the slot map is read at the fast interval; a default cluster's failover (node timeout 15 s) fits in it. */
const FAST_POLL_WINDOW_MS = 30_000;
/** After the window: the delay between reads doubles from the fast interval up to this. */
const SLOW_POLL_MAX_DELAY_MS = 2_000;
/** Nodes of a lost owner's slot watched for a promotion (PromotionProbe): a master has one or two replicas in most labs. */
const MAX_WATCHED_REPLICAS = 2;
/** The 'reconnecting' state is reported when an outage starts and then at most this often, not on every read. */
const RECONNECTING_REPORT_INTERVAL_MS = 1_000;

export const NOT_A_CLUSTER: BusError = {
  code: 'INVALID',
  message: 'Sharded channels exist only on a Redis Cluster (Redis 7+). Use an exact channel here.',
};

const OWNER_LOST: BusError = {
  code: 'CONNECTION_LOST',
  message: 'The Cluster node that holds a sharded channel stopped answering, or the channel moved to another node. Labwire is subscribing again where the channel is now.',
};

/** ioredis's words when a reply came that no command asked for: here, a `sunsubscribe` pushed because the slot migrated. */
const UNASKED_REPLY = 'Command queue state error';

interface OwnerLink {
  readonly nodeKey: string;
  readonly client: Redis;
  readonly entries: Set<ShardEntry>;
  /** Entries whose SSUBSCRIBE waits for the link to be ready. */
  readonly waiting: Set<ShardEntry>;
  /** A replica's link opened before its promotion: the entries to subscribe here once ROLE says master. */
  readonly promotionWaiters: Set<ShardEntry>;
  probe: PromotionProbe | undefined;
  detach(): void;
}

interface Outage {
  since: number;
  attempts: number;
  /** When 'reconnecting' was last reported; 0 before the first report. */
  reportedAt: number;
  /** Slots whose replicas were looked up for a promotion watch: once per outage, however often the dead owner refuses a connect. */
  watchedSlots: Set<number>;
}

export class ProfileShards {
  private readonly entries = new Map<string, ShardEntry>();
  private readonly links = new Map<string, OwnerLink>();
  private outage: Outage | null = null;
  private retryTimer: NodeJS.Timeout | undefined;
  /** Reads since the fast window ended, for the backoff. */
  private slowAttempts = 0;
  private lastChannel: { bytes: Buffer; key: string } | null = null;

  constructor(
    private readonly profileId: string,
    private readonly connections: ShardConnections,
    /** Reports 'reconnecting' when an owner is lost while the profile stays ready, and 'ready' with the gap when all are back. */
    private readonly report: (state: ConnectionState) => void,
  ) {}

  /**
   * How many of this profile's own subscriptions an SPUBLISH to `channel`
   * reaches now: its sharded channel's, when subscribed (Redis counts one per
   * connection, and all of a channel's lanes share one).
   */
  ownReceiversOf(channel: Buffer): number {
    const entry = this.entries.get(channel.toString('latin1'));
    return entry !== undefined && entry.state.state === 'active' && entry.link !== null ? 1 : 0;
  }

  add(id: string, target: ShardTarget, onMessage: (message: SourceMessage) => void): ShardConsumer {
    const name = Buffer.from(target.channel, 'utf8');
    const key = name.toString('latin1');
    let entry = this.entries.get(key);
    const isNew = !entry;
    if (!entry) {
      entry = { key, name, slot: clusterSlotOf(name), consumers: new Set(), state: { state: 'interrupted', since: Date.now() }, link: null, wasActive: false };
      this.entries.set(key, entry);
    }
    const consumer = new ShardConsumer(id, entry, onMessage, (leaving, from) => this.remove(leaving, from));
    entry.consumers.add(consumer);
    if (isNew || entry.state.state === 'refused') this.subscribeWhenPossible(entry);
    return consumer;
  }

  handleConnectionState(state: ConnectionState): void {
    // The profile's own states tell the story of a whole-profile outage: this source's own one ends here.
    const hadOutage = this.outage !== null;
    this.endOutage();
    if (hadOutage) this.report({ state: 'ready', since: Date.now() });
    if (state.state === 'ready') {
      for (const entry of this.entries.values()) if (entry.link === null && entry.state.state !== 'refused') this.subscribeEntry(entry);
      return;
    }
    const since = Date.now();
    for (const link of [...this.links.values()]) this.closeLink(link);
    for (const entry of this.entries.values()) if (entry.state.state !== 'refused') this.setEntryState(entry, { state: 'interrupted', since });
  }

  /** Ends every consumer without waiting; the profile's connections are closing. */
  close(): void {
    this.endOutage();
    for (const link of [...this.links.values()]) this.closeLink(link);
    const since = Date.now();
    for (const entry of this.entries.values()) for (const consumer of [...entry.consumers]) consumer.detach({ state: 'interrupted', since });
    this.entries.clear();
  }

  private subscribeWhenPossible(entry: ShardEntry): void {
    if (this.connections.topologyModeOf(this.profileId) !== 'cluster') {
      this.setEntryState(entry, { state: 'refused', since: Date.now(), error: NOT_A_CLUSTER });
      return;
    }
    if (this.connections.stateOf(this.profileId).state === 'ready') this.subscribeEntry(entry);
    else if (entry.state.state === 'refused') this.setEntryState(entry, { state: 'interrupted', since: Date.now() });
  }

  private subscribeEntry(entry: ShardEntry): void {
    const owner = this.connections.clusterSlotOwner(this.profileId, entry.slot);
    const link = owner ? this.linkFor(owner) : undefined;
    if (!link) {
      this.setEntryState(entry, { state: 'interrupted', since: Date.now() });
      this.scheduleRetry();
      return;
    }
    this.attach(entry, link);
  }

  private attach(entry: ShardEntry, link: OwnerLink): void {
    entry.link = link;
    link.entries.add(entry);
    this.setEntryState(entry, { state: 'subscribing', since: Date.now() });
    if (link.client.status === 'ready') this.sendSubscribe(entry, link);
    else link.waiting.add(entry);
  }

  /** Takes an entry whose SSUBSCRIBE was not sent yet off its link; false when it was sent (its answer decides). */
  private detachWaiting(entry: ShardEntry, link: OwnerLink): boolean {
    if (!link.waiting.delete(entry)) return false;
    link.entries.delete(entry);
    entry.link = null;
    if (link.entries.size === 0) this.closeLink(link);
    return true;
  }

  private linkFor(owner: NodeEndpoint): OwnerLink | undefined {
    const nodeKey = `${owner.host}:${owner.port}`;
    const existing = this.links.get(nodeKey);
    if (existing) return existing;
    const client = this.connections.clusterNodeClient(this.profileId, owner);
    if (!client) return undefined;
    const onMessage = (channel: Buffer, payload: Buffer): void => this.dispatch(link, channel, payload);
    const onReady = (): void => this.onLinkReady(link);
    const onEnd = (): void => this.onLinkLost(link);
    // The slot is not (or no longer) this node's: drop the link, read the slot map again, subscribe where the channel is.
    const onMoved = (): void => client.disconnect();
    const onError = (error: unknown): void => {
      if (error instanceof Error && error.message.includes(UNASKED_REPLY)) client.disconnect();
    };
    client.on('smessageBuffer', onMessage);
    client.on('ready', onReady);
    client.on('end', onEnd);
    client.on('moved', onMoved);
    client.on('error', onError);
    const link: OwnerLink = {
      nodeKey,
      client,
      entries: new Set(),
      waiting: new Set(),
      promotionWaiters: new Set(),
      probe: undefined,
      detach: () => {
        link.probe?.stop();
        client.off('smessageBuffer', onMessage);
        client.off('ready', onReady);
        client.off('end', onEnd);
        client.off('moved', onMoved);
        client.off('error', onError);
      },
    };
    this.links.set(nodeKey, link);
    // A failed connect ends the client, and 'end' handles that.
    client.connect().catch(() => undefined);
    return link;
  }

  private sendSubscribe(entry: ShardEntry, link: OwnerLink): void {
    link.client.ssubscribe(entry.name).then(
      () => {
        if (!this.isCurrent(entry, link)) return;
        entry.wasActive = true;
        this.setEntryState(entry, { state: 'active', since: Date.now() });
        this.endOutageIfAllBack();
      },
      (error: unknown) => {
        // A dropped connection rejects its pending commands; the link's 'end' handles that.
        if (!this.isCurrent(entry, link) || !isReplyError(error)) return;
        entry.link = null;
        link.entries.delete(entry);
        const user = link.client.options.username || 'default';
        const refusal = describeSubscriptionRefusal(error, { kind: 'channel', name: entry.name.toString('utf8') }, user, entry.wasActive);
        this.setEntryState(entry, { state: 'refused', since: Date.now(), error: refusal });
        if (link.entries.size === 0) this.closeLink(link);
        this.endOutageIfAllBack();
      },
    );
  }

  private isCurrent(entry: ShardEntry, link: OwnerLink): boolean {
    return this.entries.get(entry.key) === entry && entry.link === link && this.links.get(link.nodeKey) === link;
  }

  private onLinkReady(link: OwnerLink): void {
    if (this.links.get(link.nodeKey) !== link) return;
    const waiting = [...link.waiting];
    link.waiting.clear();
    for (const entry of waiting) if (this.isCurrent(entry, link)) this.sendSubscribe(entry, link);
  }

  private onLinkLost(link: OwnerLink): void {
    if (this.links.get(link.nodeKey) !== link) return;
    this.links.delete(link.nodeKey);
    link.detach();
    const since = Date.now();
    for (const entry of link.entries) {
      entry.link = null;
      if (entry.state.state !== 'refused') this.setEntryState(entry, { state: 'interrupted', since });
    }
    if (link.entries.size === 0 || this.connections.stateOf(this.profileId).state !== 'ready') return;
    const outage = (this.outage ??= { since, attempts: 0, reportedAt: 0, watchedSlots: new Set() });
    this.scheduleRetry();
    void this.watchForPromotion([...link.entries], link.nodeKey, outage);
  }

  /** Opens a link to each replica of the lost owner's slots and asks each for its ROLE until one is promoted (PromotionProbe). */
  private async watchForPromotion(entries: ShardEntry[], lostNodeKey: string, outage: Outage): Promise<void> {
    const client = this.connections.readyAnyClient(this.profileId);
    if (!(client instanceof Cluster)) return;
    const slots = [...new Set(entries.map((entry) => entry.slot))].filter((slot) => !outage.watchedSlots.has(slot));
    if (slots.length === 0) return;
    for (const slot of slots) outage.watchedSlots.add(slot);
    // No answer: the slot map, read every 50 ms meanwhile, finds the new owner alone.
    const replicas = await readSlotReplicas(client, slots, lostNodeKey, MAX_WATCHED_REPLICAS).catch(() => new Map<number, NodeEndpoint[]>());
    if (this.outage !== outage) return;
    for (const entry of entries) {
      if (this.entries.get(entry.key) !== entry || entry.state.state === 'active' || entry.state.state === 'refused') continue;
      for (const replica of replicas.get(entry.slot) ?? []) this.watchReplica(entry, replica);
    }
  }

  private watchReplica(entry: ShardEntry, replica: NodeEndpoint): void {
    const link = this.linkFor(replica);
    if (!link) return;
    link.promotionWaiters.add(entry);
    link.probe ??= new PromotionProbe(
      link.client,
      () => this.links.get(link.nodeKey) === link && link.entries.size === 0 && this.outage !== null && Date.now() - this.outage.since < FAST_POLL_WINDOW_MS,
      () => this.onDidPromote(link),
    );
  }

  /** The replica on `link` is a master now, owning its old master's slots: its waiting channels are subscribed there at once. */
  private onDidPromote(link: OwnerLink): void {
    const waiters = [...link.promotionWaiters];
    link.promotionWaiters.clear();
    for (const entry of waiters) {
      if (this.entries.get(entry.key) !== entry || entry.link === link || entry.state.state === 'active' || entry.state.state === 'refused') continue;
      const previous = entry.link as OwnerLink | null;
      if (previous !== null && !this.detachWaiting(entry, previous)) continue;
      this.attach(entry, link);
    }
  }

  /** Reads the slot map again after a delay, then subscribes each interrupted channel on its owner; one read at a time (the timer stays set while it runs). */
  private scheduleRetry(): void {
    if (this.retryTimer !== undefined) return;
    const outage = (this.outage ??= { since: Date.now(), attempts: 0, reportedAt: 0, watchedSlots: new Set() });
    outage.attempts += 1;
    const now = Date.now();
    const slowAttempts = now - outage.since < FAST_POLL_WINDOW_MS ? 0 : ++this.slowAttempts;
    const delayMs = Math.min(SLOW_POLL_MAX_DELAY_MS, FAST_POLL_INTERVAL_MS * 2 ** slowAttempts);
    this.retryTimer = setTimeout(() => void this.retry(outage), delayMs);
    if (now - outage.reportedAt < RECONNECTING_REPORT_INTERVAL_MS) return;
    outage.reportedAt = now;
    this.report({ state: 'reconnecting', since: outage.since, attempt: outage.attempts, lastError: OWNER_LOST, nextRetryAt: now + delayMs });
  }

  private async retry(outage: Outage): Promise<void> {
    await this.connections.refreshClusterSlots(this.profileId);
    // The outage ended meanwhile (the profile's own state took over, or the source closed).
    if (this.outage !== outage) return;
    this.retryTimer = undefined;
    if (this.connections.stateOf(this.profileId).state !== 'ready') return;
    for (const entry of this.entries.values()) {
      if (entry.state.state === 'refused' || entry.state.state === 'active') continue;
      if (entry.link === null) this.subscribeEntry(entry);
      else this.followOwner(entry, entry.link as OwnerLink);
    }
    // Polled until every channel is back (endOutageIfAllBack ends the outage and with it the polling).
    if (this.outage === outage) this.scheduleRetry();
  }

  /**
   * A channel still waiting for its link to connect, while the slot map now
   * names another owner (the old one may take a whole connect timeout to
   * fail): it is subscribed on the new owner instead.
   */
  private followOwner(entry: ShardEntry, link: OwnerLink): void {
    if (!link.waiting.has(entry)) return;
    const owner = this.connections.clusterSlotOwner(this.profileId, entry.slot);
    if (!owner || `${owner.host}:${owner.port}` === link.nodeKey) return;
    if (this.detachWaiting(entry, link)) this.subscribeEntry(entry);
  }

  private endOutageIfAllBack(): void {
    const outage = this.outage;
    if (!outage) return;
    for (const entry of this.entries.values()) if (entry.state.state !== 'active' && entry.state.state !== 'refused') return;
    this.endOutage();
    const now = Date.now();
    this.report({ state: 'ready', since: now, lastGap: { from: outage.since, to: now } });
  }

  private endOutage(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.outage = null;
    this.slowAttempts = 0;
    // Replicas' links opened to watch for a promotion that did not come (or was seen through the slot map first).
    for (const link of [...this.links.values()]) if (link.entries.size === 0) this.closeLink(link);
  }

  private async remove(consumer: ShardConsumer, entry: ShardEntry): Promise<void> {
    entry.consumers.delete(consumer);
    if (entry.consumers.size > 0 || this.entries.get(entry.key) !== entry) return;
    this.entries.delete(entry.key);
    this.endOutageIfAllBack();
    const link = this.links.get((entry.link as OwnerLink | null)?.nodeKey ?? '');
    if (!link || entry.link !== link) return;
    entry.link = null;
    link.entries.delete(entry);
    // Never sent: nothing to take back.
    if (link.waiting.delete(entry)) return;
    if (link.entries.size === 0) {
      this.closeLink(link);
      return;
    }
    await link.client.sunsubscribe(entry.name).catch(() => undefined);
  }

  private closeLink(link: OwnerLink): void {
    if (this.links.get(link.nodeKey) === link) this.links.delete(link.nodeKey);
    link.detach();
    for (const entry of link.entries) if (entry.link === link) entry.link = null;
    link.client.disconnect();
  }

  /** The entry of a message's channel; the previous channel's key is reused when the bytes match (a flood comes from one channel at a time). */
  private dispatch(link: OwnerLink, channel: Buffer, payload: Buffer): void {
    const last = this.lastChannel;
    let key: string;
    if (last !== null && isSameBytes(last.bytes, channel)) key = last.key;
    else {
      key = channel.toString('latin1');
      this.lastChannel = { bytes: Buffer.from(channel), key };
    }
    const entry = this.entries.get(key);
    if (!entry || entry.link !== link) return;
    const message: SourceMessage = { channel, pattern: null, payload, receivedAt: Date.now() };
    for (const consumer of entry.consumers) consumer.deliver(message);
  }

  private setEntryState(entry: ShardEntry, state: LaneSubscription): void {
    entry.state = state;
    for (const consumer of [...entry.consumers]) consumer.notify(state);
  }
}
