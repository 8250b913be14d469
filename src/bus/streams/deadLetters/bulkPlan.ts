/** The dry run of a bulk replay or discard: what would go where, changing nothing. */
import type { LabwireClient } from '../../connections/connectClient';
import type { BulkAction, BulkPlan, BulkSelection } from '../../../shared/features/deadLettersContract';
import { isOneSlot } from './clusterSlots';
import { replayOriginOf } from './deadLetterLayout';
import { readEntries } from './deadLetterOperations';
import { ledgerKeyOf } from './deadLetterScripts';
import { countWords } from '../../../shared/countWords';

/** Entries read per XRANGE while planning a whole stream. */
export const PLAN_CHUNK = 1_000;
/** A whole-stream plan reads at most this many entries; the run itself goes on to the end. */
export const MAX_PLANNED_ENTRIES = 1_000_000;

type RawEntry = [Buffer, Buffer[]];

export async function planBulk(client: LabwireClient, dlqKey: string, originOfKey: string | null, action: BulkAction, selection: BulkSelection): Promise<BulkPlan> {
  const origins = new Map<string, number>();
  let total = 0;
  let alreadyReplayed = 0;
  let missing = 0;
  let withoutOrigin = 0;
  const countOrigin = (raw: Buffer[]): void => {
    total++;
    if (action !== 'replay') return;
    const origin = replayOriginOf(raw, originOfKey);
    if (origin === null) withoutOrigin++;
    else origins.set(origin, (origins.get(origin) ?? 0) + 1);
  };

  if (selection.kind === 'ids') {
    const [raws, ledger] = await Promise.all([
      readEntries(client, dlqKey, selection.ids),
      selection.ids.length > 0 ? client.hmget(ledgerKeyOf(dlqKey), ...selection.ids) : Promise.resolve([]),
    ]);
    raws.forEach((raw, index) => {
      if (raw) countOrigin(raw);
      else if (ledger[index] != null) alreadyReplayed++;
      else missing++;
    });
  } else if (action === 'discard') {
    total = await client.xlen(dlqKey);
  } else {
    let start = '-';
    for (;;) {
      const chunk = (await client.xrangeBuffer(dlqKey, start, '+', 'COUNT', PLAN_CHUNK)) as unknown as RawEntry[];
      for (const [, raw] of chunk) countOrigin(raw);
      if (chunk.length < PLAN_CHUNK || total >= MAX_PLANNED_ENTRIES) break;
      start = `(${chunk[chunk.length - 1]![0].toString('latin1')}`;
    }
  }

  const ranked = [...origins.entries()].sort((left, right) => right[1] - left[1]);
  const exists = ranked.length > 0 ? await Promise.all(ranked.map(([origin]) => client.exists(origin))) : [];
  const perOrigin = ranked.map(([origin, count], index) => ({
    origin,
    count,
    isOriginPresent: (exists[index] ?? 0) > 0,
    isSameSlot: isOneSlot([origin, dlqKey]),
  }));
  return { action, dlqKey, total, perOrigin, alreadyReplayed, missing, withoutOrigin, summary: summarize(action, dlqKey, total, perOrigin, alreadyReplayed, missing, withoutOrigin) };
}

function summarize(
  action: BulkAction,
  dlqKey: string,
  total: number,
  perOrigin: BulkPlan['perOrigin'],
  alreadyReplayed: number,
  missing: number,
  withoutOrigin: number,
): string {
  const entries = (n: number): string => countWords(n, 'entry', 'entries');
  const parts: string[] = [];
  if (action === 'discard') parts.push(`${entries(total)} of ${dlqKey} would be discarded`);
  else if (perOrigin.length === 0) parts.push('No entries would be replayed');
  else parts.push(perOrigin.map(({ origin, count, isOriginPresent }) => `${entries(count)} would go to ${origin}${isOriginPresent ? '' : ' (a new stream)'}`).join(', '));
  if (alreadyReplayed) parts.push(`${entries(alreadyReplayed)} already replayed`);
  if (missing) parts.push(`${entries(missing)} no longer there`);
  if (withoutOrigin) parts.push(`${entries(withoutOrigin)} with no origin would fail`);
  return parts.join('; ') + '.';
}
