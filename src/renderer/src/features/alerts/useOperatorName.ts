/**
 * The operator's name for acks and silences, remembered in this browser's
 * localStorage so a technician types it once per computer. A name is not a
 * secret; storage may be unavailable, then it lasts for this page only.
 */
import { useState } from 'react';

const KEY = 'labwire:alert-operator';

function readName(): string {
  try {
    return window.localStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

export function useOperatorName(): [string, (name: string) => void] {
  const [name, setName] = useState(readName);
  const remember = (next: string): void => {
    setName(next);
    try {
      window.localStorage.setItem(KEY, next);
    } catch {
      // Kept for this page only.
    }
  };
  return [name, remember];
}
