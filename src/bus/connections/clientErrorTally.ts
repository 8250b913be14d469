/**
 * Identical client errors, counted instead of repeated. In a Cluster
 * failover ioredis emits hundreds of the same 'error' and 'node error'
 * events (issue #15); the connection panel shows each distinct message once
 * with how many times and between when. Bounded: at most
 * MAX_DISTINCT_CLIENT_ERRORS messages, the least recently seen dropped first
 * and counted, and each message cut to MAX_CLIENT_ERROR_MESSAGE_CHARS.
 */
import type { ClientErrorCount } from '../../shared/topologyFacts';

export const MAX_DISTINCT_CLIENT_ERRORS = 20;
export const MAX_CLIENT_ERROR_MESSAGE_CHARS = 300;

export class ClientErrorTally {
  /** In order of last sighting, oldest first: a Map keeps insertion order, and a sighting re-inserts. */
  private readonly byMessage = new Map<string, ClientErrorCount>();
  private droppedMessages = 0;

  note(message: string, at: number = Date.now()): void {
    const key = message.length > MAX_CLIENT_ERROR_MESSAGE_CHARS ? `${message.slice(0, MAX_CLIENT_ERROR_MESSAGE_CHARS)}…` : message;
    const seen = this.byMessage.get(key);
    this.byMessage.delete(key);
    this.byMessage.set(key, seen ? { ...seen, count: seen.count + 1, lastAt: at } : { message: key, count: 1, firstAt: at, lastAt: at });
    if (this.byMessage.size <= MAX_DISTINCT_CLIENT_ERRORS) return;
    const oldest = this.byMessage.keys().next().value;
    if (oldest !== undefined) this.byMessage.delete(oldest);
    this.droppedMessages += 1;
  }

  /** Most recently seen first. */
  list(): ClientErrorCount[] {
    return [...this.byMessage.values()].reverse();
  }

  /** Distinct messages dropped to stay within MAX_DISTINCT_CLIENT_ERRORS. */
  get dropped(): number {
    return this.droppedMessages;
  }
}
