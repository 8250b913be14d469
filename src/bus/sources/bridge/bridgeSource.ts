/**
 * Device bridges as a message source: a lane or a plot on
 * `{kind: 'bridge', bridgeId}` receives each record the bridge reads,
 * exactly as it would be published (channel = the resolved channel), before
 * and without Redis. The bridges feature (bus/bridges/bridgesFeature.ts)
 * attaches itself as the directory (does the bridge exist?) and delivers
 * records; the source itself holds only the consumers.
 *
 * A subscription is 'active' while the bridge exists, also while it is
 * stopped (it then receives nothing), and 'refused' in words when there is no
 * such bridge or it is removed.
 */
import type { ConnectionState } from '../../../shared/connectionState';
import type { LaneSubscription, LaneTarget } from '../../../shared/liveChannels';
import type { MessageSource, SourceMessage, SourceSubscription } from '../messageSource';

export type BridgeTarget = Extract<LaneTarget, { kind: 'bridge' }>;

/** What the source asks of whoever owns the bridges. */
export interface BridgeDirectory {
  /** Resolves once the profile's bridges are loaded: the name of the bridge `bridgeId`, or null when there is none. */
  bridgeName(profileId: string, bridgeId: string): Promise<string | null>;
}

/** The input end the bridges feature holds (services.sourceInputs.bridge): it delivers records and keeps the source's list of bridges current. */
export type BridgeInput = Pick<BridgeSource, 'attach' | 'hasConsumers' | 'deliver' | 'listCommandListener' | 'renameBridge' | 'forgetBridge'>;

export class BridgeSource implements MessageSource<BridgeTarget> {
  private readonly consumers = new Map<string, Set<BridgeSubscription>>();
  /** Bridges' command subscriptions by profile and channel: one entry per running bridge. */
  private readonly commandListeners = new Map<string, Array<{ bridgeName: string }>>();
  private directory: BridgeDirectory | null = null;
  private nextSubscriptionNumber = 1;

  /** The bridges feature calls this once when it is built. */
  attach(directory: BridgeDirectory): void {
    this.directory = directory;
  }

  subscribe(profileId: string, target: BridgeTarget, onMessage: (message: SourceMessage) => void): SourceSubscription {
    const key = keyOf(profileId, target.bridgeId);
    const subscription = new BridgeSubscription(`bridge-${this.nextSubscriptionNumber++}`, target, onMessage, () => this.consumers.get(key)?.delete(subscription));
    let set = this.consumers.get(key);
    if (!set) {
      set = new Set();
      this.consumers.set(key, set);
    }
    set.add(subscription);
    const directory = this.directory;
    const lookup = directory ? directory.bridgeName(profileId, target.bridgeId) : Promise.resolve(null);
    // Settled after the call returns, as the MessageSource contract asks.
    void lookup.then(
      (name) => {
        if (name === null) return subscription.refuse(noSuchBridge());
        // The lane holds this target and is sent again when it turns active: it is titled by the bridge's name, not its id.
        target.bridgeName = name;
        subscription.change({ state: 'active', since: Date.now() });
      },
      () => subscription.refuse(noSuchBridge()),
    );
    return subscription;
  }

  /** Whether anyone listens to this bridge now: the runtime skips building lane messages when no one does. */
  hasConsumers(profileId: string, bridgeId: string): boolean {
    return (this.consumers.get(keyOf(profileId, bridgeId))?.size ?? 0) > 0;
  }

  /** One record, to every active consumer of the bridge. */
  deliver(profileId: string, bridgeId: string, message: SourceMessage): void {
    const set = this.consumers.get(keyOf(profileId, bridgeId));
    if (!set) return;
    for (const subscription of set) {
      if (subscription.state().state === 'active') subscription.onMessage(message);
    }
  }

  /**
   * A running bridge listens for commands on `channel` (through the profile's
   * subscriber, so PUBLISH counts it among Labwire's own receivers). Returns
   * what takes it off the list.
   */
  listCommandListener(profileId: string, channel: string, bridgeName: string): () => void {
    const key = keyOf(profileId, channel);
    const listener = { bridgeName };
    this.commandListeners.set(key, [...(this.commandListeners.get(key) ?? []), listener]);
    return () => {
      const left = (this.commandListeners.get(key) ?? []).filter((candidate) => candidate !== listener);
      if (left.length > 0) this.commandListeners.set(key, left);
      else this.commandListeners.delete(key);
    };
  }

  /** The names of the bridges listening for commands on `channel`, so a publish there can say who heard it. */
  commandListenersOf(profileId: string, channel: string): string[] {
    return (this.commandListeners.get(keyOf(profileId, channel)) ?? []).map((listener) => listener.bridgeName);
  }

  /** The bridge was renamed: its lanes take the new name as their title (each lane is sent again). */
  renameBridge(profileId: string, bridgeId: string, name: string): void {
    for (const subscription of this.consumers.get(keyOf(profileId, bridgeId)) ?? []) subscription.retitle(name);
  }

  /** The bridge was removed: its consumers are refused in words and receive nothing more. */
  forgetBridge(profileId: string, bridgeId: string): void {
    const key = keyOf(profileId, bridgeId);
    const set = this.consumers.get(key);
    if (!set) return;
    for (const subscription of set) subscription.refuse({ code: 'NOT_FOUND', message: 'This device bridge was removed.' });
    this.consumers.delete(key);
  }

  /** A bridge reads its device whatever the Redis connection does, so a bridge lane is always receiving; the router asks the profile's sources. */
  receivingState(profileId: string): ConnectionState {
    void profileId;
    return { state: 'ready', since: 0 };
  }

  onDidChangeReceiving(listener: (profileId: string, state: ConnectionState) => void): () => void {
    void listener;
    return () => undefined;
  }
}

function keyOf(profileId: string, name: string): string {
  return `${profileId}\u0000${name}`;
}

function noSuchBridge(): { code: 'NOT_FOUND'; message: string } {
  return { code: 'NOT_FOUND', message: 'This profile has no such device bridge. It may have been removed; choose one in the Bridges section.' };
}

class BridgeSubscription implements SourceSubscription {
  private readonly listeners = new Set<(state: LaneSubscription) => void>();
  private current: LaneSubscription = { state: 'subscribing', since: Date.now() };

  constructor(
    readonly id: string,
    private readonly target: BridgeTarget,
    readonly onMessage: (message: SourceMessage) => void,
    private readonly leave: () => void,
  ) {}

  state(): LaneSubscription {
    return this.current;
  }

  whenSettled(): Promise<LaneSubscription> {
    if (this.current.state === 'active' || this.current.state === 'refused') return Promise.resolve(this.current);
    return new Promise((resolve) => {
      const stop = this.onDidChangeState((state) => {
        if (state.state === 'subscribing') return;
        stop();
        resolve(state);
      });
    });
  }

  onDidChangeState(listener: (state: LaneSubscription) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  unsubscribe(): Promise<void> {
    this.leave();
    if (this.current.state === 'subscribing') this.current = { state: 'refused', since: Date.now(), error: { code: 'NOT_FOUND', message: 'Left before the bridge answered.' } };
    return Promise.resolve();
  }

  refuse(error: { code: 'NOT_FOUND'; message: string }): void {
    this.change({ state: 'refused', since: Date.now(), error });
  }

  /**
   * A new name for the lane's title. The lane holds the same target object
   * and is sent again whenever its subscription tells of a state, so the
   * current state is told again; a lane still subscribing gets the name when
   * it turns active.
   */
  retitle(name: string): void {
    if (this.target.bridgeName === name) return;
    this.target.bridgeName = name;
    if (this.current.state !== 'active') return;
    for (const listener of [...this.listeners]) listener(this.current);
  }

  change(state: LaneSubscription): void {
    if (this.current.state === state.state) return;
    this.current = state;
    for (const listener of [...this.listeners]) listener(state);
  }
}
