/**
 * One hub subscription per profile and channel for all the plots on it:
 * each message is decoded once and handed to every stream of the channel
 * (an EEG view and its spectrum, four device charts on devices:telemetry),
 * and sampled into the channel's path catalog.
 */
import type { LaneSubscription } from '../../shared/liveChannels';
import { PathCatalog } from './pathCatalog';
import type { PlotHubSubscription, PlotMessageHub, RawMessage } from './plotSource';
import { decodePlotPayload, type PlotStream } from './plotStream';

export class ChannelFeed {
  readonly streams = new Set<PlotStream>();
  readonly catalog = new PathCatalog();
  /** performance.now() time until which the feed stays open for path autocomplete alone. */
  probeUntilMs = Number.NEGATIVE_INFINITY;
  /** Exceptions caught in message handling: a bug, counted instead of breaking the hub's delivery. */
  failures = 0;
  private readonly subscription: PlotHubSubscription;

  constructor(
    readonly profileId: string,
    readonly channel: string,
    hub: PlotMessageHub,
  ) {
    this.subscription = hub.subscribe(profileId, { kind: 'channel', name: channel }, (message) => this.receive(message));
  }

  subscriptionState(): LaneSubscription {
    return this.subscription.state();
  }

  whenSettled(): Promise<LaneSubscription> {
    return this.subscription.whenSettled();
  }

  isIdle(nowMs: number): boolean {
    return this.streams.size === 0 && nowMs >= this.probeUntilMs;
  }

  close(): void {
    this.streams.clear();
    this.subscription.unsubscribe().catch(() => {
      this.failures++;
    });
  }

  private receive(message: RawMessage): void {
    try {
      const wantsPaths = this.catalog.isDue(message.receivedAt);
      if (this.streams.size === 0 && !wantsPaths) return;
      const payload = decodePlotPayload(message.payload);
      for (const stream of this.streams) stream.ingestDecoded(payload, message.receivedAt);
      if (wantsPaths && (payload.kind === 'json' || payload.kind === 'msgpack')) this.catalog.offer(payload.value, message.receivedAt);
    } catch {
      this.failures++;
    }
  }
}
