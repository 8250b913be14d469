/**
 * One profile's channels and patterns on its subscriber connection.
 *
 * ioredis' own resubscribing is off (redisClientOptions: autoResubscribe
 * false): it resends every channel in one command after a reconnect, and a
 * NOPERM reply to that command (a permission revoked meanwhile) is an
 * unhandled rejection that exits Node. Here each channel and pattern is
 * subscribed with its own command, so a refusal costs only that one.
 *
 * Losing the subscriber alone (Redis cuts a subscriber whose output buffer
 * overflows, or whose channel permission was revoked) does not change the
 * profile's state, so this class notices it itself, reports it as a
 * receiving gap, and reconnects the subscriber with a backoff while the
 * profile stays ready.
 */
import type { Redis } from 'ioredis';
import type { ConnectionState } from '../../../shared/connectionState';
import type { LaneSubscription } from '../../../shared/liveChannels';
import type { BusError } from '../../../shared/result';
import type { ConnectionRegistry } from '../../connections/connectionRegistry';
import { EntryConsumer, entryKeyOf, type PubsubTarget, type RawMessage, type SubscriptionEntry } from './hubSubscription';
import { matchesRedisGlob } from './redisGlob';
import { describeSubscriptionRefusal, isReplyError } from './subscriptionRefusal';
import { isSameBytes } from '../../decode/sameBytes';

/** First delay before reconnecting a subscriber the server cut; doubles per failed attempt. */
const RESUBSCRIBE_BASE_DELAY_MS = 100;
const RESUBSCRIBE_MAX_DELAY_MS = 5_000;
/** How long a lost subscriber waits for the profile to report a lost server before it reconnects on its own. */
const LOSS_SETTLE_MS = 100;
/** How soon to ask again for a subscriber the registry still holds after it ended. */
const STALE_CLIENT_RETRY_MS = 20;
/** A subscriber that stayed up this long starts its next outage from the first delay again. */
const STABLE_LINK_MS = 10_000;

const SUBSCRIBER_CUT: BusError = {
  code: 'CONNECTION_LOST',
  message:
    'The server closed the connection that receives channel messages. Redis does this when messages pile up beyond its output buffer limit (a very large or very fast message) or when a channel permission is revoked.',
};

interface Link {
  readonly client: Redis;
  detach(): void;
}

interface SubscriberOutage {
  since: number;
  attempts: number;
  timer: NodeJS.Timeout | undefined;
}

export class ProfileSubscriptions {
  private readonly entries = new Map<string, SubscriptionEntry>();
  private link: Link | null = null;
  /** The channel of the previous message and its entry key (channelKeyOf). */
  private lastChannel: { bytes: Buffer; key: string } | null = null;
  private linkReadyAt = 0;
  /** Attempts the last subscriber outage took, where the next one continues if the link did not stay up. */
  private previousAttempts = 0;
  private outage: SubscriberOutage | null = null;
  private staleTimer: NodeJS.Timeout | undefined;
  private settleTimer: NodeJS.Timeout | undefined;
  /** Entries whose SUBSCRIBE waits for the subscriber to be ready (see subscribeEntry). */
  private readonly waitingForReady = new Set<SubscriptionEntry>();

  constructor(
    private readonly profileId: string,
    private readonly connections: ConnectionRegistry,
    /** Reports the receiving state when the subscriber alone drops and comes back. */
    private readonly report: (state: ConnectionState) => void,
  ) {}

  add(id: string, target: PubsubTarget, onMessage: (message: RawMessage) => void): EntryConsumer {
    const { key, name } = entryKeyOf(target);
    let entry = this.entries.get(key);
    const isNew = !entry;
    if (!entry) {
      entry = { key, target, name, consumers: new Set(), state: { state: 'interrupted', since: Date.now() }, subscribedOn: null, wasActive: false };
      this.entries.set(key, entry);
    }
    const consumer = new EntryConsumer(id, entry, onMessage, (leaving, from) => this.remove(leaving, from));
    entry.consumers.add(consumer);
    // A refused entry is retried when someone subscribes to it again: the user may have fixed the permission.
    if (isNew || entry.state.state === 'refused') this.subscribeWhenPossible(entry);
    return consumer;
  }

  /**
   * How many of this profile's own subscriptions a PUBLISH to `channel` now
   * reaches: the channel's subscription and each matching pattern's, as
   * Redis counts each of them in PUBLISH's answer.
   */
  ownReceiversOf(channel: Buffer): number {
    let count = 0;
    for (const entry of this.entries.values()) {
      if (entry.state.state !== 'active' || entry.subscribedOn === null || entry.subscribedOn !== this.link) continue;
      if (entry.target.kind === 'channel' ? isSameBytes(entry.name, channel) : matchesRedisGlob(entry.name, channel)) count++;
    }
    return count;
  }

  handleConnectionState(state: ConnectionState): void {
    this.endOutage();
    if (state.state === 'ready') {
      this.ensureLink();
      return;
    }
    this.dropLink(Date.now());
  }

  /** Ends every consumer without waiting; the profile's connections are closing. */
  close(): void {
    this.endOutage();
    const link = this.link;
    const since = Date.now();
    for (const entry of this.entries.values()) {
      if (link && entry.subscribedOn === link && entry.state.state !== 'refused') void this.sendUnsubscribe(link, entry);
      for (const consumer of [...entry.consumers]) consumer.detach({ state: 'interrupted', since });
    }
    this.entries.clear();
    this.waitingForReady.clear();
    link?.detach();
    this.link = null;
  }

  private async remove(consumer: EntryConsumer, entry: SubscriptionEntry): Promise<void> {
    entry.consumers.delete(consumer);
    if (entry.consumers.size > 0 || this.entries.get(entry.key) !== entry) return;
    this.entries.delete(entry.key);
    // Never sent: nothing to take back.
    if (this.waitingForReady.delete(entry)) return;
    const link = this.link;
    if (link && entry.subscribedOn === link && entry.state.state !== 'refused') await this.sendUnsubscribe(link, entry);
  }

  private subscribeWhenPossible(entry: SubscriptionEntry): void {
    if (this.link) {
      this.subscribeEntry(entry, this.link);
      return;
    }
    if (this.connections.stateOf(this.profileId).state === 'ready' && !this.outage) {
      this.setEntryState(entry, { state: 'subscribing', since: Date.now() });
      this.ensureLink();
      return;
    }
    if (entry.state.state === 'refused') this.setEntryState(entry, { state: 'interrupted', since: Date.now() });
  }

  /** Takes the profile's subscriber connection and subscribes every entry on it, each on its own. */
  private ensureLink(): void {
    if (this.link || this.entries.size === 0) return;
    const client = this.connections.subscriberClient(this.profileId);
    if (!client) return;
    if (client.status === 'end' || client.status === 'close') {
      // The registry has not yet forgotten a subscriber that just ended; ask again shortly.
      this.staleTimer ??= setTimeout(() => {
        this.staleTimer = undefined;
        this.ensureLink();
      }, STALE_CLIENT_RETRY_MS);
      return;
    }
    const onMessage = (channel: Buffer, payload: Buffer): void => this.dispatch(this.channelKeyOf(channel), channel, payload);
    const onPatternMessage = (pattern: string, channel: Buffer, payload: Buffer): void => this.dispatch(`p${pattern}`, channel, payload);
    const onReady = (): void => this.onLinkReady(link);
    const onEnd = (): void => this.onLinkLost(link);
    client.on('messageBuffer', onMessage);
    client.on('pmessageBuffer', onPatternMessage);
    client.on('ready', onReady);
    client.on('end', onEnd);
    const link: Link = {
      client,
      detach: () => {
        client.off('messageBuffer', onMessage);
        client.off('pmessageBuffer', onPatternMessage);
        client.off('ready', onReady);
        client.off('end', onEnd);
      },
    };
    this.link = link;
    for (const entry of this.entries.values()) {
      if (entry.state.state !== 'refused') this.subscribeEntry(entry, link);
    }
    if (client.status === 'ready') this.onLinkReady(link);
    // A lane client connects lazily: nothing is sent before it is ready, so ask it to connect (a failure ends it, and 'end' handles that).
    else if (client.status === 'wait') client.connect().catch(() => undefined);
  }

  private subscribeEntry(entry: SubscriptionEntry, link: Link): void {
    this.setEntryState(entry, { state: 'subscribing', since: Date.now() });
    entry.subscribedOn = link;
    // ioredis 5 writes a SUBSCRIBE at once while its handshake is still out,
    // ahead of the ready check's INFO; Redis refuses that INFO in subscriber
    // mode and ioredis drops the connection (ioredis#2037, seen here as a lane
    // interrupted a few ms after it became active). So a subscription is sent
    // only on a ready client; onLinkReady sends the ones that waited.
    if (link.client.status !== 'ready') {
      this.waitingForReady.add(entry);
      return;
    }
    this.sendSubscribe(entry, link);
  }

  private sendSubscribe(entry: SubscriptionEntry, link: Link): void {
    const request =
      entry.target.kind === 'channel' ? link.client.subscribe(entry.name) : link.client.psubscribe(entry.target.pattern);
    request.then(
      () => {
        if (!this.isCurrent(entry, link)) return;
        entry.wasActive = true;
        this.setEntryState(entry, { state: 'active', since: Date.now() });
      },
      (error: unknown) => {
        // A dropped connection rejects every pending command; the link's 'end' handles that.
        if (!this.isCurrent(entry, link) || !isReplyError(error)) return;
        entry.subscribedOn = null;
        const user = link.client.options.username || 'default';
        this.setEntryState(entry, { state: 'refused', since: Date.now(), error: describeSubscriptionRefusal(error, entry.target, user, entry.wasActive) });
      },
    );
  }

  private isCurrent(entry: SubscriptionEntry, link: Link): boolean {
    return this.link === link && this.entries.get(entry.key) === entry && entry.subscribedOn === link;
  }

  private async sendUnsubscribe(link: Link, entry: SubscriptionEntry): Promise<void> {
    entry.subscribedOn = null;
    try {
      if (entry.target.kind === 'channel') await link.client.unsubscribe(entry.name);
      else await link.client.punsubscribe(entry.target.pattern);
    } catch {
      // The connection is gone, and with it the subscription.
    }
  }

  /**
   * The entry key of a channel's message. A flood comes from one channel at
   * a time, so the key of the previous channel is reused when the bytes match.
   * Motivation: the key string was made for every message; dispatch cost
   * 0.27 µs per message in a CPU profile of the bus under a JSON flood.
   */
  private channelKeyOf(channel: Buffer): string {
    const last = this.lastChannel;
    if (last !== null && isSameBytes(last.bytes, channel)) return last.key;
    const key = `c${channel.toString('latin1')}`;
    this.lastChannel = { bytes: Buffer.from(channel), key };
    return key;
  }

  private dispatch(key: string, channel: Buffer, payload: Buffer): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    const message: RawMessage = { channel, pattern: entry.target.kind === 'pattern' ? entry.name : null, payload, receivedAt: Date.now() };
    for (const consumer of entry.consumers) consumer.deliver(message);
  }

  private onLinkReady(link: Link): void {
    if (this.link !== link) return;
    const waiting = [...this.waitingForReady];
    this.waitingForReady.clear();
    for (const entry of waiting) if (this.isCurrent(entry, link)) this.sendSubscribe(entry, link);
    const now = Date.now();
    this.linkReadyAt = now;
    const outage = this.outage;
    if (!outage) return;
    this.outage = null;
    this.previousAttempts = outage.attempts;
    clearTimeout(outage.timer);
    this.report({ state: 'ready', since: now, lastGap: { from: outage.since, to: now } });
  }

  private onLinkLost(link: Link): void {
    if (this.link !== link) return;
    const lostAt = Date.now();
    this.dropLink(lostAt);
    // A dead server closes the command connection too, a moment apart: wait for that before calling it the subscriber's own loss.
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.settleTimer = undefined;
      // When the whole profile lost the server, its own states tell the story and its 'ready' brings the link back.
      if (this.link || this.connections.stateOf(this.profileId).state !== 'ready') return;
      // A subscriber cut again soon after it came back (a flood that keeps overflowing) keeps backing off.
      const wasStable = lostAt - this.linkReadyAt >= STABLE_LINK_MS;
      this.outage ??= { since: lostAt, attempts: wasStable ? 0 : this.previousAttempts, timer: undefined };
      this.scheduleRetry();
    }, LOSS_SETTLE_MS);
  }

  private scheduleRetry(): void {
    const outage = this.outage;
    if (!outage) return;
    outage.attempts += 1;
    const delayMs = Math.min(RESUBSCRIBE_MAX_DELAY_MS, RESUBSCRIBE_BASE_DELAY_MS * 2 ** (outage.attempts - 1));
    clearTimeout(outage.timer);
    outage.timer = setTimeout(() => {
      outage.timer = undefined;
      if (this.outage === outage && this.connections.stateOf(this.profileId).state === 'ready') this.ensureLink();
    }, delayMs);
    this.report({ state: 'reconnecting', since: outage.since, attempt: outage.attempts, lastError: SUBSCRIBER_CUT, nextRetryAt: Date.now() + delayMs });
  }

  private endOutage(): void {
    clearTimeout(this.staleTimer);
    clearTimeout(this.settleTimer);
    this.staleTimer = this.settleTimer = undefined;
    if (!this.outage) return;
    clearTimeout(this.outage.timer);
    this.outage = null;
  }

  private dropLink(since: number): void {
    this.waitingForReady.clear();
    const link = this.link;
    if (link) {
      link.detach();
      this.link = null;
    }
    for (const entry of this.entries.values()) {
      entry.subscribedOn = null;
      if (entry.state.state !== 'refused' && entry.state.state !== 'interrupted') this.setEntryState(entry, { state: 'interrupted', since });
    }
  }

  private setEntryState(entry: SubscriptionEntry, state: LaneSubscription): void {
    entry.state = state;
    for (const consumer of [...entry.consumers]) consumer.notify(state);
  }
}
