/**
 * A message source that is not Redis: the test says what it delivers and
 * what state it is in. Proves that lanes and plots run on any MessageSource.
 *
 * Like every source it never delivers during subscribe(); a subscription
 * answers 'active' (or the refusal the test set) on the next microtask.
 */
import type { MessageSource, SourceMessage, SourceSubscription } from '../../src/bus/sources/messageSource';
import { SourceSubscriptionState } from '../../src/bus/sources/sourceSubscriptionState';
import type { ConnectionState } from '../../src/shared/connectionState';
import { isSameLaneTarget, laneTargetName, type LaneSubscription, type LaneTarget } from '../../src/shared/liveChannels';
import type { BusError } from '../../src/shared/result';

class FakeSourceSubscription implements SourceSubscription {
  private readonly stateOfSubscription = new SourceSubscriptionState({ state: 'subscribing', since: Date.now() });
  isLeft = false;

  constructor(
    readonly id: string,
    readonly profileId: string,
    readonly target: LaneTarget,
    readonly onMessage: (message: SourceMessage) => void,
  ) {}

  state(): LaneSubscription {
    return this.stateOfSubscription.get();
  }

  whenSettled(): Promise<LaneSubscription> {
    return this.stateOfSubscription.whenSettled();
  }

  onDidChangeState(listener: (state: LaneSubscription) => void): () => void {
    return this.stateOfSubscription.onDidChangeState(listener);
  }

  unsubscribe(): Promise<void> {
    this.isLeft = true;
    return Promise.resolve();
  }

  change(state: LaneSubscription): void {
    this.stateOfSubscription.set(state);
  }
}

export class FakeMessageSource implements MessageSource {
  readonly subscriptions: FakeSourceSubscription[] = [];
  private readonly receiving = new Map<string, ConnectionState>();
  private readonly listeners = new Set<(profileId: string, state: ConnectionState) => void>();
  private readonly refusals = new Map<string, BusError>();
  private nextNumber = 1;

  /** Targets named here are refused with `error` when subscribed. */
  refuse(target: LaneTarget, error: BusError): void {
    this.refusals.set(laneTargetName(target), error);
  }

  subscribe(profileId: string, target: LaneTarget, onMessage: (message: SourceMessage) => void): SourceSubscription {
    const subscription = new FakeSourceSubscription(`fake-${this.nextNumber++}`, profileId, target, onMessage);
    this.subscriptions.push(subscription);
    const refusal = this.refusals.get(laneTargetName(target));
    queueMicrotask(() => subscription.change(refusal ? { state: 'refused', since: Date.now(), error: refusal } : { state: 'active', since: Date.now() }));
    return subscription;
  }

  receivingState(profileId: string): ConnectionState {
    return this.receiving.get(profileId) ?? { state: 'ready', since: 0 };
  }

  onDidChangeReceiving(listener: (profileId: string, state: ConnectionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Delivers one message to every subscription still held on `target`, as the source would. */
  deliver(profileId: string, target: LaneTarget, message: { channel: string; payload: Buffer | string; receivedAt: number; sequence?: number }): void {
    const delivered: SourceMessage = {
      channel: Buffer.from(message.channel, 'utf8'),
      pattern: target.kind === 'pattern' ? Buffer.from(target.pattern, 'utf8') : null,
      payload: typeof message.payload === 'string' ? Buffer.from(message.payload, 'utf8') : message.payload,
      receivedAt: message.receivedAt,
      sequence: message.sequence,
    };
    for (const subscription of this.heldOn(profileId, target)) subscription.onMessage(delivered);
  }

  /** Changes the receiving state of a profile and tells every listener. */
  setReceiving(profileId: string, state: ConnectionState): void {
    this.receiving.set(profileId, state);
    for (const listener of [...this.listeners]) listener(profileId, state);
  }

  /** Changes the state of every subscription held on `target`. */
  setSubscriptionState(profileId: string, target: LaneTarget, state: LaneSubscription): void {
    for (const subscription of this.heldOn(profileId, target)) subscription.change(state);
  }

  heldOn(profileId: string, target: LaneTarget): FakeSourceSubscription[] {
    return this.subscriptions.filter((held) => !held.isLeft && held.profileId === profileId && isSameLaneTarget(held.target, target));
  }
}
