import type { Profile } from '../../../../shared/profile';

/** What every panel of an opened stream is given: the profile and the stream's key as Redis names it. */
export interface StreamPanelProps {
  profile: Profile;
  streamKey: string;
}
