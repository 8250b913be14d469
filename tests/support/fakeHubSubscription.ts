import type { HubSubscription } from '../../src/main/bus/pubsub/hubSubscription';
import type { LaneSubscription } from '../../src/shared/liveChannels';

/** Stands in for the hub's handle (not Redis): a feed only reads its state. */
export class FakeHubSubscription implements HubSubscription {
  readonly id = 'fake';
  state(): LaneSubscription {
    return { state: 'active', since: 0 };
  }
  whenSettled(): Promise<LaneSubscription> {
    return Promise.resolve(this.state());
  }
  onDidChangeState(): () => void {
    return () => undefined;
  }
  unsubscribe(): Promise<void> {
    return Promise.resolve();
  }
}
