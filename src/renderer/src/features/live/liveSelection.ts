/**
 * What the operator picked inside Live channels (the lane shown, the
 * message opened) for the session: kept in sessionStorage per profile, so
 * switching tabs or reloading the page in serve mode brings it back. Lanes
 * and their filters live in the bus; this is only the view.
 */
import { useCallback, useState } from 'react';

export interface LiveSelection {
  /** The lane whose messages the feed shows, or null for every lane. */
  laneView: string | null;
  /** The feed seq of the opened message, or null. */
  selectedSeq: number | null;
}

const NOTHING_SELECTED: LiveSelection = { laneView: null, selectedSeq: null };

export function liveSelectionKey(profileId: string): string {
  return `labwire.live.${profileId}`;
}

/** What was kept, or nothing selected when there is none or it is not ours (edited, from an older version). */
export function readLiveSelection(storage: Pick<Storage, 'getItem'> | null, profileId: string): LiveSelection {
  let value: unknown;
  try {
    value = JSON.parse(storage?.getItem(liveSelectionKey(profileId)) ?? 'null');
  } catch {
    return NOTHING_SELECTED;
  }
  if (typeof value !== 'object' || value === null) return NOTHING_SELECTED;
  const { laneView, selectedSeq } = value as Record<string, unknown>;
  return {
    laneView: typeof laneView === 'string' ? laneView : null,
    selectedSeq: Number.isSafeInteger(selectedSeq) && (selectedSeq as number) > 0 ? (selectedSeq as number) : null,
  };
}

export function writeLiveSelection(storage: Pick<Storage, 'setItem'> | null, profileId: string, selection: LiveSelection): void {
  try {
    storage?.setItem(liveSelectionKey(profileId), JSON.stringify(selection));
  } catch {
    // A full or refused storage only costs remembering the selection across a reload.
  }
}

function sessionStorageOrNull(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

/** The profile's selection, read once when Live channels opens and written on every change. */
export function useLiveSelection(profileId: string): [LiveSelection, (change: Partial<LiveSelection>) => void] {
  const [selection, setSelection] = useState(() => readLiveSelection(sessionStorageOrNull(), profileId));
  const change = useCallback(
    (patch: Partial<LiveSelection>) =>
      setSelection((current) => {
        const next = { ...current, ...patch };
        writeLiveSelection(sessionStorageOrNull(), profileId, next);
        return next;
      }),
    [profileId],
  );
  return [selection, change];
}
