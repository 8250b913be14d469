/**
 * The relay's subscriptions on one profile, shared by all its clients: one
 * SourceSubscription per channel or pattern however many browsers asked for
 * it (the hub under it shares one Redis connection per profile). Each message
 * is numbered and converted to JSON once, whatever the number of clients.
 */
import type { LaneSubscription } from '../../shared/liveChannels';
import type { MessageSource, SourceMessage, SourceSubscription } from '../sources/messageSource';
import type { PubsubTarget } from '../sources/redisPubsub/hubSubscription';
import { MAX_SEQUENCED_CHANNELS_PER_TARGET } from './relayLimits';
import { payloadAsJsonText } from './relayPayload';

/**
 * One message for every client of a target. The payload is converted once,
 * when it arrives (every protocol needs the JSON, and the source's bytes are
 * not ours to keep); each protocol's frame is made once, when first asked.
 */
export class RelayDelivery {
  private labwireFrameBytes: Buffer | null | undefined;
  private foxgloveBodyBytes: Buffer | null | undefined;

  constructor(
    readonly target: PubsubTarget,
    readonly channel: string,
    readonly seq: number,
    readonly receivedAt: number,
    private readonly epoch: string,
    /** The payload as JSON text; null when it is too large to relay. */
    readonly dataJson: string | null,
    readonly payloadBytes: number,
    /** The target and the channel: what a slow client keeps only the newest message of. */
    readonly queueKey: string,
  ) {}

  /**
   * The labwire-json message frame's UTF-8 bytes, identical for every client of this target; null when the payload is too large.
   * Why bytes: ws encodes a string to UTF-8 on every send, so 20 clients of a channel meant 20 encodings of each message.
   */
  labwireFrame(): Buffer | null {
    if (this.labwireFrameBytes === undefined) {
      const data = this.dataJson;
      const pattern = this.target.kind === 'pattern' ? `,"pattern":${JSON.stringify(this.target.pattern)}` : '';
      this.labwireFrameBytes =
        data === null
          ? null
          : Buffer.from(`{"type":"message","channel":${JSON.stringify(this.channel)}${pattern},"seq":${this.seq},"epoch":${JSON.stringify(this.epoch)},"data":${data}}`, 'utf8');
    }
    return this.labwireFrameBytes;
  }

  /** A Foxglove message's JSON body (the fields of FOXGLOVE_MESSAGE_SCHEMA), as UTF-8 bytes; null when too large. */
  foxgloveBody(): Buffer | null {
    if (this.foxgloveBodyBytes === undefined) {
      const data = this.dataJson;
      this.foxgloveBodyBytes =
        data === null
          ? null
          : Buffer.from(`{"channel":${JSON.stringify(this.channel)},"seq":${this.seq},"epoch":${JSON.stringify(this.epoch)},"data":${data}}`, 'utf8');
    }
    return this.foxgloveBodyBytes;
  }
}

export interface RelayListener {
  deliver(delivery: RelayDelivery): void;
  /** The target's state changed (refused by Redis, interrupted, active again). */
  changeState(target: PubsubTarget, state: LaneSubscription): void;
}

interface SharedTarget {
  target: PubsubTarget;
  subscription: SourceSubscription;
  listeners: Set<RelayListener>;
  /** Per channel: the last sequence number given. Map order is least recently seen first. */
  sequences: Map<string, number>;
  stopStateListener: () => void;
}

export function targetKey(target: PubsubTarget): string {
  return target.kind === 'channel' ? `c${target.name}` : `p${target.pattern}`;
}

export function targetLabel(target: PubsubTarget): string {
  return target.kind === 'channel' ? target.name : target.pattern;
}

export function describeTargetState(target: PubsubTarget, state: LaneSubscription): string | null {
  const what = target.kind === 'channel' ? `the channel ${target.name}` : `the pattern ${target.pattern}`;
  switch (state.state) {
    case 'refused':
      return `Redis refused ${what}: ${state.error.message}`;
    case 'interrupted':
      return `The connection to Redis dropped; ${what} resumes when it is back. Messages published meanwhile are missed.`;
    default:
      return null;
  }
}

export class RelaySubscriptions {
  private readonly shared = new Map<string, SharedTarget>();

  constructor(
    private readonly source: MessageSource,
    private readonly profileId: string,
    private readonly epoch: string,
  ) {}

  /** Targets with at least one client: what Redis is subscribed to for the relay. */
  get targetCount(): number {
    return this.shared.size;
  }

  join(target: PubsubTarget, listener: RelayListener): void {
    const key = targetKey(target);
    let entry = this.shared.get(key);
    if (!entry) {
      const sequences = new Map<string, number>();
      const listeners = new Set<RelayListener>();
      const subscription = this.source.subscribe(this.profileId, target, (message) => this.fanOut(target, sequences, listeners, message));
      const stopStateListener = subscription.onDidChangeState((state) => {
        for (const each of listeners) each.changeState(target, state);
      });
      entry = { target, subscription, listeners, sequences, stopStateListener };
      this.shared.set(key, entry);
    }
    entry.listeners.add(listener);
    listener.changeState(target, entry.subscription.state());
  }

  leave(target: PubsubTarget, listener: RelayListener): void {
    const key = targetKey(target);
    const entry = this.shared.get(key);
    if (!entry) return;
    entry.listeners.delete(listener);
    if (entry.listeners.size > 0) return;
    this.shared.delete(key);
    entry.stopStateListener();
    void entry.subscription.unsubscribe();
  }

  dispose(): void {
    for (const entry of this.shared.values()) {
      entry.stopStateListener();
      void entry.subscription.unsubscribe();
    }
    this.shared.clear();
  }

  private fanOut(target: PubsubTarget, sequences: Map<string, number>, listeners: Set<RelayListener>, message: SourceMessage): void {
    if (listeners.size === 0) return;
    const channel = message.channel.toString('utf8');
    const seq = (sequences.get(channel) ?? 0) + 1;
    if (target.kind === 'pattern') {
      // Re-inserted so the map's first entry is the channel seen longest ago, dropped first past the cap.
      sequences.delete(channel);
      if (sequences.size >= MAX_SEQUENCED_CHANNELS_PER_TARGET) {
        const oldest = sequences.keys().next();
        if (!oldest.done) sequences.delete(oldest.value);
      }
    }
    sequences.set(channel, seq);
    const data = payloadAsJsonText(message.payload);
    const queueKey = `${targetKey(target)}\u0000${channel}`;
    const delivery = new RelayDelivery(target, channel, seq, message.receivedAt, this.epoch, data, message.payload.length, queueKey);
    for (const listener of listeners) listener.deliver(delivery);
  }
}
