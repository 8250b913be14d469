import type { Profile } from '../../../../shared/profile';

export function LiveChannelsSection({ profile }: { profile: Profile }) {
  return <p>Live channels for {profile.name} arrive in the next commit.</p>;
}
