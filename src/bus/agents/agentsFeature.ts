/**
 * The agents feature: one board per profile, built on the first request and
 * kept until the profile closes, so the signals the alert rules listen to
 * keep coming while no window looks. A sweep every second turns silent
 * agents STALE.
 *
 * The mapping is local view configuration (which fields mean what on this
 * console), so a read-only profile may change it: it publishes nothing and
 * changes no rule on the lab's server.
 */
import { AGENTS_REQUESTS, type AgentMapping } from '../../shared/features/agentsContract';
import { fail, ok, type Result } from '../../shared/result';
import type { BusFeature } from '../busFeature';
import type { MessageSource } from '../sources/messageSource';
import { AgentBoard } from './agentBoard';
import { compileMapping, compileMappingOrDefaults } from './agentMapping';
import { AgentMappingStore } from './agentMappingStore';
import type { AgentSignal, AgentSignals } from './agentSignals';

export const SWEEP_INTERVAL_MS = 1000;

export interface AgentsFeatureOptions {
  /** The board's clock; tests pass a fake one. */
  now?: () => number;
  /** 0 turns the timer off (tests sweep by asking for a snapshot). */
  sweepIntervalMs?: number;
}

export type AgentsFeature = BusFeature<keyof typeof AGENTS_REQUESTS> & {
  /** For the alerts feature: each agent's state changes, on every profile with a board. */
  readonly signals: AgentSignals;
};

/** What the feature needs of the bus (BusServices has it all). */
export interface AgentsServices {
  host: { dataDir: string };
  profiles: { get(profileId: string): unknown };
  sources: MessageSource;
}

export function createAgentsFeature(services: AgentsServices, options: AgentsFeatureOptions = {}): AgentsFeature {
  const now = options.now ?? Date.now;
  const store = new AgentMappingStore(services.host.dataDir);
  const boards = new Map<string, Promise<AgentBoard>>();
  const listeners = new Set<(signal: AgentSignal) => void>();

  const emit = (signal: AgentSignal): void => {
    for (const listener of [...listeners]) {
      try {
        listener(signal);
      } catch {
        // A listener's fault must not stop the board or the other listeners.
      }
    }
  };

  const build = (profileId: string, mapping: AgentMapping): AgentBoard => {
    return new AgentBoard({
      profileId,
      source: services.sources,
      mapping: compileMappingOrDefaults(mapping),
      now,
      onDidChangeState: (change) =>
        emit({
          profileId,
          agentId: change.agentId,
          name: change.name,
          state: change.state,
          previous: change.previous,
          at: change.atMs,
          ...(change.state === 'error' && change.lastError !== null ? { lastError: change.lastError } : {}),
        }),
    });
  };

  const boardFor = async (profileId: string): Promise<Result<AgentBoard>> => {
    if (!services.profiles.get(profileId)) return fail('NOT_FOUND', 'That connection profile no longer exists.');
    let board = boards.get(profileId);
    if (!board) {
      board = store.get(profileId).then((mapping) => build(profileId, mapping));
      boards.set(profileId, board);
    }
    return ok(await board);
  };

  const rebuild = async (profileId: string, mapping: AgentMapping): Promise<void> => {
    const old = boards.get(profileId);
    if (!old) return;
    const board = old.then((previous) => {
      // Agents that still match the new mapping stay on the board: it does not start empty.
      const kept = previous.keptMessages();
      previous.dispose();
      const next = build(profileId, mapping);
      next.adopt(kept);
      return next;
    });
    boards.set(profileId, board);
    await board;
  };

  const timer = options.sweepIntervalMs === 0 ? undefined : setInterval(() => void sweepAll(), options.sweepIntervalMs ?? SWEEP_INTERVAL_MS);
  timer?.unref();
  const sweepAll = async (): Promise<void> => {
    for (const board of boards.values()) (await board).sweep();
  };

  return {
    name: 'agents',
    signals: {
      onDidChangeAgentState(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    handlers: {
      'agents:board': async (query) => {
        const board = await boardFor(query.profileId);
        return board.ok ? ok(board.value.snapshot(query)) : board;
      },
      'agents:message': async ({ profileId, agentId }) => {
        const board = await boardFor(profileId);
        if (!board.ok) return board;
        const message = board.value.lastMessage(agentId);
        if (!message) return fail('NOT_FOUND', 'The board holds no message from that agent (it may have been forgotten while the board was full).');
        return ok(message);
      },
      'agents:mapping:get': async ({ profileId }) => {
        if (!services.profiles.get(profileId)) return fail('NOT_FOUND', 'That connection profile no longer exists.');
        return ok(await store.get(profileId));
      },
      'agents:mapping:set': async ({ profileId, mapping }) => {
        if (!services.profiles.get(profileId)) return fail('NOT_FOUND', 'That connection profile no longer exists.');
        const compiled = compileMapping(mapping);
        if (!compiled.ok) return compiled;
        try {
          await store.set(profileId, mapping);
        } catch (error) {
          return fail('INTERNAL', 'The board settings could not be saved in the data folder.', { detail: String(error) });
        }
        await rebuild(profileId, mapping);
        return ok(mapping);
      },
      'agents:mapping:reset': async ({ profileId }) => {
        if (!services.profiles.get(profileId)) return fail('NOT_FOUND', 'That connection profile no longer exists.');
        let mapping: AgentMapping;
        try {
          mapping = await store.reset(profileId);
        } catch (error) {
          return fail('INTERNAL', 'The board settings could not be saved in the data folder.', { detail: String(error) });
        }
        await rebuild(profileId, mapping);
        return ok(mapping);
      },
      'agents:paths': async ({ profileId, channel }) => {
        const board = await boardFor(profileId);
        return board.ok ? ok(board.value.pathsOn(channel) ?? []) : board;
      },
    },
    closeProfile: (profileId) => {
      const board = boards.get(profileId);
      boards.delete(profileId);
      void board?.then((closing) => closing.dispose());
    },
    dispose: () => {
      if (timer) clearInterval(timer);
      for (const board of boards.values()) void board.then((closing) => closing.dispose());
      boards.clear();
      listeners.clear();
    },
  };
}
