import { useQuery } from '@tanstack/react-query';
import type { PublishRecord } from '../../../../shared/publishing';
import { callBus } from '../../api/callBus';
import { useLabwireApi } from '../../transport/transportContext';
import { publishQueryKeys } from './publishQueryKeys';

/** The profile's publishes, newest first, including earlier runs (the bus reads them from its audit log). */
export function usePublishHistory(profileId: string) {
  const api = useLabwireApi();
  return useQuery<PublishRecord[]>({
    queryKey: publishQueryKeys.history(profileId),
    queryFn: () => callBus(api, 'publish:history', { profileId }),
    staleTime: 0,
  });
}
