/**
 * Favourite agents of one profile, kept in this browser's localStorage (ids
 * only). Storage may be unavailable; then pins last for this page.
 */
import { useCallback, useState } from 'react';

export const MAX_PINNED_AGENTS = 100;
const KEY_PREFIX = 'labwire:agents-pinned:';

function readPins(profileId: string): string[] {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(KEY_PREFIX + profileId) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string').slice(0, MAX_PINNED_AGENTS) : [];
  } catch {
    return [];
  }
}

function writePins(profileId: string, pins: string[]): void {
  try {
    window.localStorage.setItem(KEY_PREFIX + profileId, JSON.stringify(pins));
  } catch {
    // Kept for this page only.
  }
}

export function usePinnedAgents(profileId: string): { pinnedIds: string[]; togglePin: (agentId: string) => void } {
  const [state, setState] = useState(() => ({ profileId, pins: readPins(profileId) }));
  const pins = state.profileId === profileId ? state.pins : readPins(profileId);
  const togglePin = useCallback(
    (agentId: string) => {
      const current = state.profileId === profileId ? state.pins : readPins(profileId);
      const next = current.includes(agentId) ? current.filter((id) => id !== agentId) : [...current, agentId].slice(-MAX_PINNED_AGENTS);
      writePins(profileId, next);
      setState({ profileId, pins: next });
    },
    [profileId, state],
  );
  return { pinnedIds: pins, togglePin };
}
