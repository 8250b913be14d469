/**
 * The bookkeeping every Redis source repeats per profile (the pub/sub hub,
 * the stream tail, the sharded channels): one worker object per profile,
 * made on first use and closed with its profile, and the listeners of the
 * source's receiving state.
 */
import type { ConnectionState } from '../../shared/connectionState';

export interface ProfileWorker {
  handleConnectionState(state: ConnectionState): void;
  /** Ends every consumer of the profile without waiting. */
  close(): void;
}

export class PerProfile<Worker extends ProfileWorker> {
  private readonly workers = new Map<string, Worker>();

  constructor(private readonly create: (profileId: string) => Worker) {}

  get(profileId: string): Worker | undefined {
    return this.workers.get(profileId);
  }

  getOrCreate(profileId: string): Worker {
    let worker = this.workers.get(profileId);
    if (!worker) {
      worker = this.create(profileId);
      this.workers.set(profileId, worker);
    }
    return worker;
  }

  handleConnectionState(profileId: string, state: ConnectionState): void {
    this.workers.get(profileId)?.handleConnectionState(state);
  }

  close(profileId: string): void {
    this.workers.get(profileId)?.close();
    this.workers.delete(profileId);
  }

  closeAll(): void {
    for (const worker of this.workers.values()) worker.close();
    this.workers.clear();
  }
}

/** Receiving-state listeners: one listener's bug neither stops the others nor the source. */
export class ReceivingListeners {
  private readonly listeners = new Set<(profileId: string, state: ConnectionState) => void>();

  add(listener: (profileId: string, state: ConnectionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(profileId: string, state: ConnectionState): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(profileId, state);
      } catch (error) {
        console.error('Labwire: a receiving state listener failed', error);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
