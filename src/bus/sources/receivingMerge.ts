/**
 * One receiving state per profile from two reporters: the profile's own
 * (the pub/sub hub: every connection state, plus its subscriber's outages)
 * and a source with outages of its own while the profile stays ready (the
 * sharded channels, when an owner node is lost). The feed shows one gap
 * per span when something could not be received, so:
 *
 * - an outage of either opens the gap ('reconnecting' is passed on while
 *   the profile reports 'ready');
 * - 'ready' closes it only when neither is out: the profile's 'ready'
 *   during a source outage is held back, and the source's 'ready' (with its
 *   gap) is passed on once the profile is ready too;
 * - the source says 'ready' when its outage ends for any reason (also when
 *   the profile stopped being ready and it dropped its links: the profile's
 *   own states then tell the story);
 * - a profile that is closed is forgotten: its sources close without a
 *   word, and the profile's next 'ready' is not held back by an outage that
 *   ended with them.
 */
import type { ConnectionState } from '../../shared/connectionState';

export class ReceivingMerge {
  private readonly profileStates = new Map<string, ConnectionState>();
  private readonly sourceOutages = new Set<string>();

  constructor(private readonly forward: (profileId: string, state: ConnectionState) => void) {}

  fromProfile(profileId: string, state: ConnectionState): void {
    this.profileStates.set(profileId, state);
    if (state.state === 'ready' && this.sourceOutages.has(profileId)) return;
    this.forward(profileId, state);
  }

  fromSource(profileId: string, state: ConnectionState): void {
    if (state.state === 'ready') this.sourceOutages.delete(profileId);
    else this.sourceOutages.add(profileId);
    if (this.profileStates.get(profileId)?.state === 'ready') this.forward(profileId, state);
  }

  /** The profile is closing: its sources ended their outages without a word. Forwards nothing. */
  forget(profileId: string): void {
    this.profileStates.delete(profileId);
    this.sourceOutages.delete(profileId);
  }
}
