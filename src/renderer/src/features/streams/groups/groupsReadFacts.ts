/**
 * The opened stream's header facts from the Groups tab's own read. XINFO STREAM and XINFO GROUPS are read in
 * one transaction there, so the header's Entries and entries added are of the same instant as each group's
 * entries read and lag; the list's facts, read on their own clock, showed "Entries read" above "Entries".
 */
import type { StreamGroups } from '../../../../../shared/features/streamGroupsContract';
import type { StreamEnd, StreamSummary } from '../../../../../shared/features/streamsContract';
import { streamIdTimeMs } from '../../../../../shared/streamEntries';

function endOf(id: string | null): StreamEnd | null {
  return id === null ? null : { id, timeMs: streamIdTimeMs(id) };
}

/** `listed` with every count the groups read also holds replaced by that read's; its memory stays the list's. */
export function factsFromGroupsRead(listed: StreamSummary, read: StreamGroups): StreamSummary {
  const entriesAdded = listed.retention.entriesAdded === null ? null : read.entriesAdded;
  return {
    ...listed,
    length: read.length,
    first: endOf(read.firstEntryId),
    last: endOf(read.lastEntryId),
    groups: read.groups.length,
    retention: {
      ...listed.retention,
      entriesAdded,
      removed: entriesAdded === null ? null : Math.max(0, entriesAdded - read.length),
      maxDeletedId: read.maxDeletedEntryId,
    },
  };
}
