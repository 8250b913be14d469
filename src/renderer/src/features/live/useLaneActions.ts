/** Adding, changing and removing lanes, each answer written straight into the cached lane list and the feed. */
import { useQueryClient } from '@tanstack/react-query';
import type { LanePatch } from '../../../../shared/contract';
import type { DecoderChoice, Lane, LaneTarget } from '../../../../shared/liveChannels';
import { useBusMutation } from '../../api/useBusMutation';
import type { FeedStore } from './feedStore';
import { dropLaneFromCache, mergeLanes } from './useLanes';

export function useAddLane(profileId: string) {
  const queryClient = useQueryClient();
  const add = useBusMutation('lanes:add');
  return {
    mutation: add,
    addLane(target: LaneTarget, decoder: DecoderChoice, onAdded?: (lane: Lane) => void): void {
      add.mutate(
        { profileId, target, decoder },
        {
          onSuccess: (lane) => {
            mergeLanes(queryClient, profileId, [lane]);
            onAdded?.(lane);
          },
        },
      );
    },
  };
}

export function useUpdateLane(profileId: string, store: FeedStore) {
  const queryClient = useQueryClient();
  const update = useBusMutation('lanes:update');
  return {
    mutation: update,
    updateLane(laneId: string, patch: LanePatch, onUpdated?: (lane: Lane) => void): void {
      update.mutate(
        { profileId, laneId, patch },
        {
          onSuccess: (lane) => {
            if (patch.shouldClear) store.forgetLane(laneId);
            mergeLanes(queryClient, profileId, [lane]);
            onUpdated?.(lane);
          },
        },
      );
    },
  };
}

export function useRemoveLane(profileId: string, store: FeedStore) {
  const queryClient = useQueryClient();
  const remove = useBusMutation('lanes:remove');
  return {
    mutation: remove,
    removeLane(laneId: string, onRemoved?: () => void): void {
      remove.mutate(
        { profileId, laneId },
        {
          onSuccess: () => {
            store.forgetLane(laneId);
            store.forgetLaneCounters(laneId);
            dropLaneFromCache(queryClient, profileId, laneId);
            onRemoved?.();
          },
        },
      );
    },
  };
}
