/** The raw last message of one agent, fetched when opened. */
import { useQuery } from '@tanstack/react-query';
import type { AgentMessage } from '../../../../shared/features/agentsContract';
import { callBus } from '../../api/callBus';
import { describeError } from '../../api/requestError';
import { formatClockTime } from '../../format/formatClockTime';
import { useLabwireApi } from '../../transport/transportContext';
import { agentQueryKeys } from './agentQueryKeys';

const ENCODING_WORDS: Record<AgentMessage['encoding'], string> = {
  json: 'JSON (indented here)',
  msgpack: 'MessagePack shown as JSON',
  text: 'plain text',
  binary: 'binary shown as hex',
  error: 'not decodable',
};

/** Indented for reading; text that does not parse is shown as it came. */
function indentJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function AgentLastMessage({ profileId, agentId, version }: { profileId: string; agentId: string; version: number }) {
  const api = useLabwireApi();
  const message = useQuery<AgentMessage>({
    queryKey: [...agentQueryKeys.message(profileId, agentId), version],
    queryFn: () => callBus(api, 'agents:message', { profileId, agentId }),
  });
  if (message.isError) return <p className="muted">{describeError(message.error)}</p>;
  if (!message.data) return <p className="muted">Loading the last message…</p>;
  const { channel, receivedAtMs, encoding, text, isTruncated } = message.data;
  const shown = encoding === 'json' ? indentJson(text) : text;
  return (
    <div className="agent-raw">
      <p className="muted">
        On {channel} at {formatClockTime(receivedAtMs)}, {ENCODING_WORDS[encoding]}
        {isTruncated ? '; only the first 2 KB are kept' : ''}:
      </p>
      <pre>{shown}</pre>
    </div>
  );
}
