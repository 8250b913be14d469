/**
 * What the agent board tells other bus features (the alert rules): each
 * change of an agent's state. The agents feature implements it; the alerts
 * feature listens. Kept apart so neither imports the other's internals.
 */

import type { AgentState } from '../../shared/features/agentsContract';

export type { AgentState };

export interface AgentSignal {
  profileId: string;
  agentId: string;
  name: string;
  state: AgentState;
  /** The state before this change. */
  previous: AgentState;
  /** The last error the agent reported, when `state` is 'error'. */
  lastError?: string;
  /** Epoch ms of the change. */
  at: number;
}

export interface AgentSignals {
  onDidChangeAgentState(listener: (signal: AgentSignal) => void): () => void;
}
