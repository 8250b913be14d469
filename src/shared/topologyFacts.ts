/**
 * What the connection panel shows about a profile's topology: the Sentinel
 * group's master, replicas and sentinels and the last switch, or every node
 * of a Cluster. Read on request (`connections:topology`), never pushed.
 */

/** A master switch the connection followed. */
export interface SentinelSwitch {
  /** "host:port" of the master before. */
  from: string;
  /** "host:port" of the master after. */
  to: string;
  /** Epoch ms when the connection was ready on the new master. */
  at: number;
}

export interface SentinelNodeFact {
  /** "host:port" as the sentinels announce it. */
  address: string;
  /** The sentinels' flags for it, e.g. ["slave"], ["s_down", "slave"]. */
  flags: string[];
  /** Replicas: their link to the master ("ok" or "err"); null for others. */
  linkState: string | null;
}

export interface ClusterNodeFact {
  id: string;
  /** "host:port" as the cluster announces it. */
  address: string;
  /** "host:port" Labwire dials instead, from the profile's address map (NAT, Docker); null when not mapped. */
  mappedAddress: string | null;
  role: 'master' | 'replica';
  /** Replicas: the id of their master; null for masters. */
  masterId: string | null;
  /** Slot ranges owned, e.g. "0-5460"; empty for replicas. */
  slots: string[];
  /** How many of the 16384 slots the ranges hold. */
  slotCount: number;
  /** "connected" or "disconnected", as the asked node sees its bus link. */
  linkState: string;
  /** Flags besides the role, e.g. ["fail?"], ["myself"]. */
  flags: string[];
  /** From INFO memory; null when the node did not answer. */
  usedMemoryBytes: number | null;
  /** One PING to this node, milliseconds; null when it did not answer. */
  roundTripMs: number | null;
}

/** One distinct error the profile's command client reported, counted (bus/connections/clientErrorTally.ts). */
export interface ClientErrorCount {
  /** In words; identical messages are one entry. */
  message: string;
  count: number;
  /** Epoch ms of the first and the last time it was reported. */
  firstAt: number;
  lastAt: number;
}

/** Errors the command client reported since the profile was opened; on every topology. */
export interface ClientErrorFacts {
  /** Most recently seen first, at most 20. */
  clientErrors: ClientErrorCount[];
  /** Distinct messages dropped (the least recently seen) to keep the list at 20. */
  droppedClientErrors: number;
}

export type TopologyFacts = ClientErrorFacts &
  (
    | { mode: 'standalone'; readAt: number }
    | {
        mode: 'sentinel';
        masterName: string;
        /** The master the sentinels name now; null when none of them answered. */
        master: string | null;
        replicas: SentinelNodeFact[];
        /** Every sentinel the asked one knows, itself first. */
        sentinels: SentinelNodeFact[];
        /** The last switch this connection followed; null when none since it opened. */
        lastSwitch: SentinelSwitch | null;
        readAt: number;
      }
    | { mode: 'cluster'; nodes: ClusterNodeFact[]; readAt: number }
  );
