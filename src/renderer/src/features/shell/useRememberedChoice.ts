/**
 * A choice the operator made (selected profile, selected tab) that survives a
 * page reload: kept in this browser tab's sessionStorage. Only ids go in,
 * never secrets. Storage may be unavailable (private modes, quotas), so a
 * failure to read or write leaves the choice for this page only.
 */
import { useCallback, useState } from 'react';

const KEY_PREFIX = 'labwire:';

export const REMEMBERED_KEYS = {
  profileId: 'selected-profile',
  sectionId: 'selected-section',
  /** Per profile: `opened-stream:<profile id>` holds the opened stream's keyBase64. */
  openedStream: 'opened-stream',
  /** Per profile: `stream-tab:<profile id>` holds the opened stream's tab. */
  streamTab: 'stream-tab',
  /** 'collapsed' while the Streams section's list is folded away to give the opened stream the width. */
  streamList: 'stream-list',
} as const;

type RememberedName = (typeof REMEMBERED_KEYS)[keyof typeof REMEMBERED_KEYS];
/** A name alone, or a name and the profile it belongs to. */
export type RememberedKey = RememberedName | `${RememberedName}:${string}`;

function readStored(key: RememberedKey): string | null {
  try {
    return window.sessionStorage.getItem(KEY_PREFIX + key);
  } catch {
    return null;
  }
}

function writeStored(key: RememberedKey, value: string | null): void {
  try {
    if (value === null) window.sessionStorage.removeItem(KEY_PREFIX + key);
    else window.sessionStorage.setItem(KEY_PREFIX + key, value);
  } catch {
    // Not kept across a reload; the page still works.
  }
}

/** null means "nothing chosen"; the caller decides what that shows. */
export function useRememberedChoice(key: RememberedKey): [string | null, (value: string | null) => void] {
  const [value, setValue] = useState<string | null>(() => readStored(key));
  const remember = useCallback(
    (next: string | null) => {
      writeStored(key, next);
      setValue(next);
    },
    [key],
  );
  return [value, remember];
}
