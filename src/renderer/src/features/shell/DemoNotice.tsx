import { useQuery } from '@tanstack/react-query';
import type { HelloInfo } from '../../../../shared/contract';
import { callBus } from '../../api/callBus';
import { queryKeys } from '../../api/queryKeys';
import { useLabwireApi } from '../../transport/transportContext';

/** The demo starts after the page may already be open; ask again until it has settled. */
export const DEMO_STATUS_POLL_INTERVAL_MS = 1_000;

/**
 * What `npm run serve -- --demo` did, said where the operator looks: the page,
 * not only the terminal. A running demo on a server needs no banner (its
 * traffic shows); one with no server says so, with why and the fix.
 */
export function DemoNotice() {
  const api = useLabwireApi();
  const hello = useQuery<HelloInfo>({
    queryKey: queryKeys.hello,
    queryFn: () => callBus(api, 'system:hello', {}),
    refetchInterval: (query) => (query.state.data?.demo?.state === 'starting' ? DEMO_STATUS_POLL_INTERVAL_MS : false),
  });
  const demo = hello.data?.demo;
  if (demo?.state === 'starting')
    return (
      <div className="link-banner link-busy" role="status" data-testid="demo-notice">
        Starting demo traffic…
      </div>
    );
  if (demo?.state === 'running' && demo.hasNoServer === true)
    return (
      <div className="link-banner link-busy" role="status" data-testid="demo-notice">
        {demo.message}
      </div>
    );
  if (demo?.state === 'failed')
    return (
      <div className="link-banner link-warning" role="alert" data-testid="demo-notice">
        {demo.message}
      </div>
    );
  return null;
}
