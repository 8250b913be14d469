import type { ConnectionState } from '../../../../shared/connectionState';
import { Notice } from '../../components/Notice';
import { describeGap } from './describeConnectionState';

/** After an outage the connection is ready again, but messages sent during the gap were missed. */
export function GapNotice({ state }: { state: ConnectionState }) {
  const gap = describeGap(state);
  if (!gap) return null;
  return (
    <Notice tone="warning">
      {gap}. Messages published during that time were not received.
    </Notice>
  );
}
