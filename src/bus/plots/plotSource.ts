/**
 * What the plots need from a message source (sources/messageSource.ts):
 * subscribe to a target, read its state, leave. Narrowed to the calls the
 * plots make, so a test or a benchmark drives the plot pipeline with a Fake
 * source; every MessageSource (the SourceRouter in the bus) fits it.
 */
import type { LaneTarget } from '../../shared/liveChannels';
import type { SourceMessage, SourceSubscription } from '../sources/messageSource';

export type { SourceMessage } from '../sources/messageSource';

export type PlotSubscription = Pick<SourceSubscription, 'state' | 'whenSettled' | 'unsubscribe'>;

export interface PlotMessageSource {
  subscribe(profileId: string, target: LaneTarget, onMessage: (message: SourceMessage) => void): PlotSubscription;
}
