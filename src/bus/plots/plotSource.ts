/**
 * What the plots need from the subscription hub (pubsub/subscriptionHub.ts):
 * one shared subscription per profile and channel, delivering raw messages.
 * Narrowed to the calls the plots make, so a test or a benchmark can drive
 * the plot pipeline with a Fake hub.
 */
import type { LaneTarget } from '../../shared/liveChannels';
import type { HubSubscription, RawMessage } from '../sources/redisPubsub/hubSubscription';

export type { RawMessage } from '../sources/redisPubsub/hubSubscription';

export type PlotHubSubscription = Pick<HubSubscription, 'state' | 'whenSettled' | 'unsubscribe'>;

export interface PlotMessageHub {
  subscribe(profileId: string, target: LaneTarget, onMessage: (message: RawMessage) => void): PlotHubSubscription;
}
