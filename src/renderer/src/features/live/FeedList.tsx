import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { FeedMessage } from '../../../../shared/liveChannels';
import type { FeedRows } from './feedRows';
import { feedRowId, FeedRowView } from './FeedRowView';
import { formatCount } from '../../../../shared/countWords';

/** Every row has this height, so the rows in view follow from the scroll position alone. */
export const ROW_HEIGHT_PX = 46;
const OVERSCAN_ROWS = 6;
/** Closer to the top than this counts as "at live". */
const LIVE_THRESHOLD_PX = ROW_HEIGHT_PX / 2;

/**
 * At live, the newest row is at the top and new ones push the rest down.
 * Scrolled away, the row at the top of the view stays where it is while new
 * rows arrive above it (the anchor), until the user returns to live.
 */
type ScrollMode =
  | { isLive: true }
  | { isLive: false; anchorSeq: number | null; anchorOffsetPx: number; newestSeqWhenLeft: number };

interface FeedListProps {
  rows: FeedRows;
  /** The newest message seq in these rows (0 when none). */
  newestSeq: number;
  selectedSeq: number | null;
  label: string;
  laneNamesOf(message: FeedMessage): string | null;
  onSelect(seq: number): void;
}

/** The feed, newest first, rendering only the rows in view (it may hold 100,000). */
export function FeedList({ rows, newestSeq, selectedSeq, label, laneNamesOf, onSelect }: FeedListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(0);
  const [mode, setMode] = useState<ScrollMode>({ isLive: true });

  useLayoutEffect(() => {
    const scroller = scrollRef.current;
    if (!scroller) return;
    setViewportHeight(scroller.clientHeight);
    const observer = new ResizeObserver(() => setViewportHeight(scroller.clientHeight));
    observer.observe(scroller);
    return () => observer.disconnect();
  }, []);

  // Keep the anchored row in place when rows arrive above it (or old ones leave below).
  useLayoutEffect(() => {
    const scroller = scrollRef.current;
    if (!scroller || mode.isLive || mode.anchorSeq === null) return;
    const index = rows.indexOfSeq(mode.anchorSeq);
    if (index < 0) return;
    const wanted = index * ROW_HEIGHT_PX + mode.anchorOffsetPx;
    if (Math.abs(scroller.scrollTop - wanted) >= 1) {
      scroller.scrollTop = wanted;
      setScrollTop(scroller.scrollTop);
    }
  }, [rows, mode]);

  const onScroll = (): void => {
    const scroller = scrollRef.current;
    if (!scroller) return;
    const top = scroller.scrollTop;
    setScrollTop(top);
    if (top < LIVE_THRESHOLD_PX) {
      if (!mode.isLive) setMode({ isLive: true });
      return;
    }
    const anchor = firstMessageFrom(rows, Math.floor(top / ROW_HEIGHT_PX));
    setMode({
      isLive: false,
      anchorSeq: anchor?.seq ?? null,
      anchorOffsetPx: anchor ? top - anchor.index * ROW_HEIGHT_PX : 0,
      newestSeqWhenLeft: mode.isLive ? newestSeq : mode.newestSeqWhenLeft,
    });
  };

  const jumpToLive = (): void => {
    const scroller = scrollRef.current;
    if (scroller) scroller.scrollTop = 0;
    setScrollTop(0);
    setMode({ isLive: true });
  };

  const scrollIntoView = (index: number): void => {
    const scroller = scrollRef.current;
    if (!scroller) return;
    const rowTop = index * ROW_HEIGHT_PX;
    if (rowTop < scroller.scrollTop) scroller.scrollTop = rowTop;
    else if (rowTop + ROW_HEIGHT_PX > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = rowTop + ROW_HEIGHT_PX - scroller.clientHeight;
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    const current = selectedSeq === null ? -1 : rows.indexOfSeq(selectedSeq);
    let target: number | null = null;
    if (event.key === 'ArrowDown') target = nextMessageIndex(rows, current + 1, 1);
    else if (event.key === 'ArrowUp') target = nextMessageIndex(rows, Math.max(0, current - 1), -1);
    else if (event.key === 'Home') target = nextMessageIndex(rows, 0, 1);
    else if (event.key === 'End') target = nextMessageIndex(rows, rows.length - 1, -1);
    if (target === null) return;
    event.preventDefault();
    const row = rows.rowAt(target);
    if (row?.kind !== 'message') return;
    onSelect(row.message.seq);
    scrollIntoView(target);
  };

  const firstIndex = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT_PX) - OVERSCAN_ROWS);
  const endIndex = Math.min(rows.length, Math.ceil((scrollTop + viewportHeight) / ROW_HEIGHT_PX) + OVERSCAN_ROWS);
  const visible = [];
  for (let index = firstIndex; index < endIndex; index++) {
    const row = rows.rowAt(index);
    if (!row) continue;
    const key = row.kind === 'gap' ? row.gap.id : row.message.seq;
    visible.push(
      <FeedRowView
        key={key}
        row={row}
        index={index}
        rowCount={rows.length}
        top={index * ROW_HEIGHT_PX}
        isSelected={row.kind === 'message' && row.message.seq === selectedSeq}
        laneNames={row.kind === 'message' ? laneNamesOf(row.message) : null}
        onSelect={onSelect}
      />,
    );
  }
  const newCount = mode.isLive ? 0 : rows.countNewerThan(mode.newestSeqWhenLeft);
  const selectedIndex = selectedSeq === null ? -1 : rows.indexOfSeq(selectedSeq);
  const isSelectedRendered = selectedIndex >= firstIndex && selectedIndex < endIndex;

  return (
    <div className="feed-list">
      {/* A bar of its own above the rows, so the button never covers the first one. */}
      <div className="feed-live-bar">
        {mode.isLive ? (
          <span className="feed-live-state">Live: the newest message is at the top.</span>
        ) : (
          <>
            <span className="feed-live-state">Scrolled back: new messages arrive above.</span>
            <button type="button" className="jump-to-live compact" onClick={jumpToLive}>
              Jump to live{newCount > 0 ? ` (${formatCount(newCount)} new)` : ''}
            </button>
          </>
        )}
      </div>
      <div
        ref={scrollRef}
        className="feed-scroller"
        role="listbox"
        tabIndex={0}
        aria-label={label}
        aria-activedescendant={isSelectedRendered && selectedSeq !== null ? feedRowId(selectedSeq) : undefined}
        onScroll={onScroll}
        onKeyDown={onKeyDown}
      >
        <div className="feed-spacer" style={{ height: rows.length * ROW_HEIGHT_PX }}>
          {visible}
        </div>
      </div>
    </div>
  );
}

function firstMessageFrom(rows: FeedRows, index: number): { seq: number; index: number } | null {
  for (let candidate = index; candidate < Math.min(rows.length, index + 4); candidate++) {
    const row = rows.rowAt(candidate);
    if (row?.kind === 'message') return { seq: row.message.seq, index: candidate };
  }
  return null;
}

/** The first message row from `start` going `step` (gap rows are skipped), or null. */
function nextMessageIndex(rows: FeedRows, start: number, step: 1 | -1): number | null {
  for (let index = start; index >= 0 && index < rows.length; index += step) {
    if (rows.rowAt(index)?.kind === 'message') return index;
  }
  return null;
}
