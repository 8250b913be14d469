import type { DecodedKind } from '../../../../shared/liveChannels';
import { KIND_LABELS } from './laneDescriptions';

/** How the payload was decoded; words as well as colour, so it reads in any light. */
export function KindBadge({ kind }: { kind: DecodedKind }) {
  return (
    <span className={`kind-badge kind-${kind}`} data-kind={kind}>
      {KIND_LABELS[kind]}
    </span>
  );
}
