/** The raw last message of one agent, fetched when opened. */
import { useQuery } from '@tanstack/react-query';
import type { AgentMessage } from '../../../../shared/features/agentsContract';
import { callBus } from '../../api/callBus';
import { describeError } from '../../api/requestError';
import { formatClockTime } from '../../format/formatClockTime';
import { useLabwireApi } from '../../transport/transportContext';
import { agentQueryKeys } from './agentQueryKeys';

export function AgentLastMessage({ profileId, agentId, version }: { profileId: string; agentId: string; version: number }) {
  const api = useLabwireApi();
  const message = useQuery<AgentMessage>({
    queryKey: [...agentQueryKeys.message(profileId, agentId), version],
    queryFn: () => callBus(api, 'agents:message', { profileId, agentId }),
  });
  if (message.isError) return <p className="muted">{describeError(message.error)}</p>;
  if (!message.data) return <p className="muted">Loading the last message…</p>;
  const { channel, receivedAtMs, encoding, text, isTruncated } = message.data;
  return (
    <div className="agent-raw">
      <p className="muted">
        On {channel} at {formatClockTime(receivedAtMs)}, {encoding === 'msgpack' ? 'MessagePack shown as JSON' : encoding}
        {isTruncated ? '; only the first 2 KB are kept' : ''}:
      </p>
      <pre>{text}</pre>
    </div>
  );
}
