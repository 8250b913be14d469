import type { ServerFacts } from '../../../../shared/connectionState';
import { Notice } from '../../components/Notice';
import { describeError } from '../../api/requestError';

interface TestConnectionResultProps {
  isPending: boolean;
  facts: ServerFacts | undefined;
  error: Error | null;
}

export function TestConnectionResult({ isPending, facts, error }: TestConnectionResultProps) {
  if (isPending) {
    return (
      <p className="test-result" role="status">
        Testing the connection…
      </p>
    );
  }
  if (error) {
    return (
      <Notice tone="error" title="Test failed">
        {describeError(error)}
      </Notice>
    );
  }
  if (!facts) return null;
  return (
    <Notice tone="success" title="Test succeeded">
      Reached Redis {facts.version} ({facts.mode}, {facts.role}) in {facts.roundTripMs.toFixed(1)} ms.
    </Notice>
  );
}
