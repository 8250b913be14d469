import { formatClockTime } from '../../format/formatClockTime';

interface FrozenNavigationProps {
  fromMs: number;
  toMs: number;
  onEarlier(): void;
  onLater(): void;
  onZoomIn(): void;
  onZoomOut(): void;
  onNewest(): void;
}

function formatSpan(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** Moving through the history of a frozen montage; data keeps arriving meanwhile. */
export function FrozenNavigation({ fromMs, toMs, onEarlier, onLater, onZoomIn, onZoomOut, onNewest }: FrozenNavigationProps) {
  return (
    <div className="frozen-navigation" role="group" aria-label="Frozen view">
      <p>
        Showing {formatClockTime(fromMs)} to {formatClockTime(toMs)} ({formatSpan(toMs - fromMs)}). Data keeps arriving while frozen. Drag across the
        trace to zoom into a stretch.
      </p>
      <div className="button-row">
        <button type="button" className="small" onClick={onEarlier}>
          ◀ Earlier
        </button>
        <button type="button" className="small" onClick={onLater}>
          Later ▶
        </button>
        <button type="button" className="small" onClick={onZoomIn}>
          Zoom in
        </button>
        <button type="button" className="small" onClick={onZoomOut}>
          Zoom out
        </button>
        <button type="button" className="small" onClick={onNewest}>
          Newest
        </button>
      </div>
    </div>
  );
}
