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
} as const;

export type RememberedKey = (typeof REMEMBERED_KEYS)[keyof typeof REMEMBERED_KEYS];

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
