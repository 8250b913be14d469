/**
 * Redis Cluster's key slots (CRC16/XMODEM of the hash tag, mod 16384), so
 * the console can tell before a script runs whether its keys share a slot:
 * `{orders}` and `{orders}:dlq` (and the ledger `{orders}:dlq:replayed`) do,
 * `orders` and `orders:dlq` do not (in general). On a Cluster a script whose
 * keys span slots is refused in words before it is sent.
 */
import { Cluster } from 'ioredis';
import type { LabwireClient } from '../../connections/connectClient';
import { ledgerKeyOf } from './deadLetterScripts';

const SLOT_COUNT = 16_384;

/** The part of the key Cluster hashes: the first non-empty `{...}`, else all of it. */
export function hashTagOf(key: string): string {
  const open = key.indexOf('{');
  if (open < 0) return key;
  const close = key.indexOf('}', open + 1);
  if (close < 0 || close === open + 1) return key;
  return key.slice(open + 1, close);
}

export function keySlot(key: string): number {
  return crc16(Buffer.from(hashTagOf(key), 'utf8')) % SLOT_COUNT;
}

/** True when every key lies in one slot, so one script may touch them all in a Cluster. */
export function isOneSlot(keys: readonly string[]): boolean {
  return keys.every((key) => keySlot(key) === keySlot(keys[0] ?? ''));
}

/**
 * Why a move or replay between `origin` and `dlqKey` cannot run as one script
 * on this client, or null when it can (any client of one server, or keys in
 * one slot: origin, dead letters and the replay ledger).
 */
export function slotRefusalOf(client: LabwireClient, origin: string, dlqKey: string): string | null {
  if (!(client instanceof Cluster) || isOneSlot([origin, dlqKey, ledgerKeyOf(dlqKey)])) return null;
  const tag = hashTagOf(origin);
  return (
    `On a Cluster, ${origin} and ${dlqKey} live in different slots; name them with a shared hash tag, ` +
    `for example {${tag}} and {${tag}}:dlq, so one script can move entries between them.`
  );
}

function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}
