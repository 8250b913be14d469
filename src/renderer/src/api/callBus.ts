import type { LabwireApi, RequestMethod, RequestParams, RequestResult } from '../../../shared/contract';
import { RequestError } from './requestError';

/** One request, unwrapped for React Query: the value, or a RequestError thrown inside the renderer. */
export async function callBus<M extends RequestMethod>(
  api: LabwireApi,
  method: M,
  params: RequestParams<M>,
): Promise<RequestResult<M>> {
  const result = await api.request(method, params);
  if (!result.ok) throw new RequestError(result.error);
  return result.value;
}
