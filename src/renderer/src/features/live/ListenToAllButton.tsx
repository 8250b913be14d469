import { useAddLane } from './useLaneActions';

/** The one-click start for someone who does not know the channel names yet: a pattern lane on `*`. */
export function ListenToAllButton({ profileId, isReady }: { profileId: string; isReady: boolean }) {
  const { addLane, mutation } = useAddLane(profileId);
  return (
    <button type="button" disabled={!isReady || mutation.isPending} onClick={() => addLane({ kind: 'pattern', pattern: '*' }, 'auto')}>
      Listen to every channel
    </button>
  );
}
