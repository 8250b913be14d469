/**
 * Demo data with no server behind it: the simulator's messages (the same
 * bytes it would PUBLISH) handed straight to lanes and plots in this process.
 * It serves channel and pattern targets of demo profiles (profile.isDemo);
 * the router sends those here and everything else to Redis.
 *
 * Receiving follows the demo profile's connection state: while the registry
 * says 'demo' this source reports 'ready' (lanes and plots may subscribe);
 * any other state ends its subscriptions as 'interrupted'. The connection
 * panel shows the registry's 'demo' state, so nothing claims a server.
 */
import type { ConnectionState } from '../../../shared/connectionState';
import type { MessageSource, SourceMessage, SourceSubscription } from '../messageSource';
import type { PubsubTarget } from '../redisPubsub/hubSubscription';
import { DemoSubscription } from './demoSubscription';

/** Channel names turned into bytes once; the simulator names a few dozen, a stray caller cannot grow this past the cap. */
const MAX_CACHED_CHANNEL_NAMES = 1024;

/** The input end the simulator holds (services.sourceInputs.demo). */
export type DemoInput = Pick<DemoSource, 'deliver'>;

export class DemoSource implements MessageSource<PubsubTarget> {
  private readonly receiving = new Map<string, ConnectionState>();
  private readonly subscriptions = new Map<string, Set<DemoSubscription>>();
  private readonly listeners = new Set<(profileId: string, state: ConnectionState) => void>();
  private readonly channelBytes = new Map<string, Buffer>();
  private nextNumber = 1;

  subscribe(profileId: string, target: PubsubTarget, onMessage: (message: SourceMessage) => void): SourceSubscription {
    const subscription = new DemoSubscription(`demo-${this.nextNumber++}`, target, onMessage, (left) => {
      this.subscriptions.get(profileId)?.delete(left);
      left.change({ state: 'interrupted', since: Date.now() });
    });
    const isReceiving = this.receivingState(profileId).state === 'ready';
    if (isReceiving) {
      let forProfile = this.subscriptions.get(profileId);
      if (!forProfile) this.subscriptions.set(profileId, (forProfile = new Set()));
      forProfile.add(subscription);
    }
    queueMicrotask(() => {
      if (!isReceiving) {
        subscription.change({ state: 'interrupted', since: Date.now() });
        return;
      }
      if (subscription.state().state === 'subscribing') subscription.change({ state: 'active', since: Date.now() });
    });
    return subscription;
  }

  receivingState(profileId: string): ConnectionState {
    return this.receiving.get(profileId) ?? { state: 'idle' };
  }

  onDidChangeReceiving(listener: (profileId: string, state: ConnectionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every profile's connection state: 'demo' means generated data may flow; a demo profile's next state ends it. */
  handleConnectionState(profileId: string, state: ConnectionState): void {
    // Redis profiles pass by: their receiving state is the pub/sub source's to tell.
    if (state.state !== 'demo' && !this.receiving.has(profileId)) return;
    const receiving: ConnectionState = state.state === 'demo' ? { state: 'ready', since: state.since } : state;
    if (receiving.state === 'ready') this.receiving.set(profileId, receiving);
    else {
      this.receiving.delete(profileId);
      this.closeProfile(profileId);
    }
    for (const listener of [...this.listeners]) listener(profileId, receiving);
  }

  /**
   * Hands one generated message to every subscription of the profile that
   * wants it; the value is how many received it, as PUBLISH would count.
   */
  deliver(profileId: string, channel: string, payload: Buffer): number {
    const forProfile = this.subscriptions.get(profileId);
    if (!forProfile || forProfile.size === 0) return 0;
    const name = this.bytesOf(channel);
    const receivedAt = Date.now();
    let receivers = 0;
    for (const subscription of forProfile) {
      if (!subscription.wants(channel, name)) continue;
      receivers++;
      subscription.onMessage({ channel: name, pattern: subscription.patternBytes, payload, receivedAt });
    }
    return receivers;
  }

  /** Ends the profile's subscriptions: their consumers see 'interrupted'. */
  closeProfile(profileId: string): void {
    const forProfile = this.subscriptions.get(profileId);
    this.subscriptions.delete(profileId);
    for (const subscription of forProfile ?? []) subscription.change({ state: 'interrupted', since: Date.now() });
  }

  dispose(): void {
    for (const profileId of [...this.subscriptions.keys()]) this.closeProfile(profileId);
    this.receiving.clear();
    this.listeners.clear();
  }

  private bytesOf(channel: string): Buffer {
    let bytes = this.channelBytes.get(channel);
    if (!bytes) {
      bytes = Buffer.from(channel, 'utf8');
      if (this.channelBytes.size >= MAX_CACHED_CHANNEL_NAMES) this.channelBytes.clear();
      this.channelBytes.set(channel, bytes);
    }
    return bytes;
  }
}
