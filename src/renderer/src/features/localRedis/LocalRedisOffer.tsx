import type { Profile } from '../../../../shared/profile';
import { useConnectionState, useHello } from '../../api/busQueries';
import { describeError } from '../../api/requestError';
import { useBusMutation } from '../../api/useBusMutation';
import { Notice } from '../../components/Notice';
import { shouldOfferLocalRedis } from './shouldOfferLocalRedis';

interface LocalRedisOfferProps {
  profile: Profile;
  /** Switch the workspace to the profile of the managed server. */
  onUseProfile(profileId: string): void;
}

/** When the default local Redis is not running, offer one that Labwire starts itself. */
export function LocalRedisOffer({ profile, onUseProfile }: LocalRedisOfferProps) {
  const hello = useHello();
  const state = useConnectionState(profile.id);
  const start = useBusMutation('localRedis:start');
  const close = useBusMutation('connection:close');
  const open = useBusMutation('connection:open');
  const localRedis = hello.data?.localRedis;
  if (!localRedis) return null;

  if (start.error) {
    return (
      <Notice tone="error" role="alert" title="Labwire could not start Redis">
        {describeError(start.error)}
      </Notice>
    );
  }
  if (start.isPending || localRedis.state === 'starting') {
    return (
      <p className="card muted" role="status">
        Starting a Redis server on this computer…
      </p>
    );
  }
  if (!shouldOfferLocalRedis(profile, state, localRedis)) return null;

  const onStart = (): void => {
    start.mutate(
      {},
      {
        onSuccess: ({ profile: managed }) => {
          // The default profile would keep retrying a port nobody listens on.
          close.mutate({ profileId: profile.id });
          onUseProfile(managed.id);
          open.mutate({ profileId: managed.id });
        },
      },
    );
  };

  return (
    <section className="card offer-card" aria-labelledby="local-redis-title">
      <h2 id="local-redis-title">Redis on this computer</h2>
      <p>
        No Redis is running on this computer at {profile.host}:{profile.port}. Start one managed by Labwire?
      </p>
      <p className="field-hint">Labwire starts its own redis-server, keeps its data in the Labwire data folder and adds a profile for it.</p>
      <div className="button-row">
        <button type="button" className="primary" onClick={onStart}>
          Start Redis managed by Labwire
        </button>
      </div>
    </section>
  );
}
