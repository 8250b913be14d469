import { useMutation } from '@tanstack/react-query';
import type { RequestMethod, RequestParams, RequestResult } from '../../../shared/contract';
import { useLabwireApi } from '../transport/transportContext';
import { callBus } from './callBus';

/** An action on the bus. Never retried: a repeated write is the caller's decision, not the library's. */
export function useBusMutation<M extends RequestMethod>(method: M) {
  const api = useLabwireApi();
  return useMutation<RequestResult<M>, Error, RequestParams<M>>({
    mutationFn: (params) => callBus(api, method, params),
    retry: false,
  });
}
