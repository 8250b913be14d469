import type { Profile } from '../../../../shared/profile';

/** The list with `profile` replaced or appended, so a just-saved profile can be selected before the bus event arrives. */
export function upsertProfile(list: readonly Profile[] | undefined, profile: Profile): Profile[] {
  const profiles = list ?? [];
  return profiles.some((candidate) => candidate.id === profile.id)
    ? profiles.map((candidate) => (candidate.id === profile.id ? profile : candidate))
    : [...profiles, profile];
}
