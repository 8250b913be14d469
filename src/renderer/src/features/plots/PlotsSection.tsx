import type { Profile } from '../../../../shared/profile';

export function PlotsSection({ profile }: { profile: Profile }) {
  return <p>Plots for {profile.name} arrive in the next commit.</p>;
}
