import type { Profile } from '../../../../shared/profile';
import { describeError } from '../../api/requestError';
import { useBusMutation } from '../../api/useBusMutation';
import { Notice } from '../../components/Notice';

/**
 * In place of the profile editor for the demo profile: it has no address,
 * password or TLS to edit, so the card says what it is and how to remove it.
 */
export function DemoProfileCard({ profile, onDeleted }: { profile: Profile; onDeleted(id: string): void }) {
  const remove = useBusMutation('profiles:delete');
  return (
    <section className="card" aria-labelledby="demo-profile-title">
      <h2 id="demo-profile-title">About demo data</h2>
      <p>
        This profile has no server. Its messages are made up on this computer by Labwire's demo generator and go straight to this profile's lanes and
        plots; nothing is sent anywhere, and nothing can be published here.
      </p>
      <p className="field-hint">To watch a real lab, add a profile for its Redis server with New profile.</p>
      <div className="button-row">
        <button type="button" onClick={() => remove.mutate({ id: profile.id }, { onSuccess: () => onDeleted(profile.id) })} disabled={remove.isPending}>
          Remove the demo profile
        </button>
      </div>
      {remove.error && (
        <Notice tone="error" role="alert">
          {describeError(remove.error)}
        </Notice>
      )}
    </section>
  );
}
