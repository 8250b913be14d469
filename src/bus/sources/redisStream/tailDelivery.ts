/**
 * How one XREAD reply reaches a tailed key's consumers: each new entry
 * becomes one SourceMessage, in order, once. Apart from ProfileTail so a
 * CPU benchmark (bench/feedPathCpu.ts) runs the same delivery without Redis.
 */
import type { SourceMessage } from '../messageSource';
import { payloadOfEntry } from './entryPayload';
import { compareStreamIds } from './streamIds';
import type { TailEntry } from './tailConsumer';

/** XREAD's reply as ioredis's Buffer commands give it: per key, its entries as [id, [name, value, …]]. */
export type StreamReply = [Buffer, [Buffer, Buffer[]][]];

/** One key's part of a reply: its new entries are items[start..]. */
export interface PlannedKey {
  entry: TailEntry;
  items: [Buffer, Buffer[]][];
  start: number;
}

/**
 * Moves each key's last id on past a reply and says which of its entries are
 * new, without handing them out yet: the next XREAD can go out (with the new
 * ids) before the consumers see this reply (ProfileTail's read ahead).
 */
export function planReply(entries: ReadonlyMap<string, TailEntry>, reply: readonly StreamReply[]): PlannedKey[] {
  const planned: PlannedKey[] = [];
  for (const [keyBytes, items] of reply) {
    const entry = entries.get(keyBytes.toString('latin1'));
    if (!entry || entry.state.state !== 'active' || entry.lastId === null || items.length === 0) continue;
    let start = 0;
    // The key may have been removed and added again while this read was out: skip what its new start already covers.
    if (compareStreamIds(items[0]![0].toString('latin1'), entry.lastId) <= 0) {
      while (start < items.length && compareStreamIds(items[start]![0].toString('latin1'), entry.lastId) <= 0) start++;
    }
    entry.lastId = items[items.length - 1]![0].toString('latin1');
    entry.addedUpToLastId += items.length - start;
    planned.push({ entry, items, start });
  }
  return planned;
}

/** Hands a planned reply's new entries to each key's consumers: each entry one SourceMessage, in order, once. */
export function deliverPlanned(planned: readonly PlannedKey[], receivedAt: number): void {
  for (const { entry, items, start } of planned) {
    for (let index = start; index < items.length; index++) {
      const [idBytes, fields] = items[index]!;
      // `decoded` is declared here, unset, so the consumer that fills it (sharedDecode.ts) writes a slot the object has rather than growing it.
      const message: SourceMessage = { channel: entry.name, pattern: null, payload: payloadOfEntry(fields), receivedAt, entryId: idBytes.toString('latin1'), decoded: undefined };
      for (const consumer of entry.consumers) consumer.deliver(message);
    }
  }
}

/** Hands the entries after each key's last id to its consumers and moves the last id on. */
export function deliverReply(entries: ReadonlyMap<string, TailEntry>, reply: readonly StreamReply[], receivedAt: number): void {
  deliverPlanned(planReply(entries, reply), receivedAt);
}

/**
 * Empties a delivered reply's arrays (each key's entry list, then the reply),
 * so that whatever still points at the reply after delivery keeps only two
 * empty arrays, not every entry's arrays and Buffer views.
 *
 * Motivation: in a flood something on ioredis's side keeps each XREAD reply
 * reachable, for the scavenger, past its delivery, so every entry's arrays
 * and views were promoted and left for mark-compacts. One reader on the main
 * thread over a flooded stream (bench/streamTailReaderGc.ts, ioredis): about
 * 3.4 MB promoted per scavenge and 8 mark-compacts per 400,000 entries; with
 * the reply emptied once read, about 6 KB and none (bench/README.md,
 * "Session 10 (gclead)").
 */
export function releaseReply(reply: StreamReply[]): void {
  for (const keyReply of reply) keyReply[1].length = 0;
  reply.length = 0;
}
