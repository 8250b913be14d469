/** A lane's new filter applies to what the bus history already holds for it, not only to what arrives after. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_FEED_LIMITS } from '../../src/bus/feed/feedLimits';
import { FILTER_SCAN_CHUNK_MESSAGES } from '../../src/bus/feed/laneFilterScan';
import type { LaneRecord } from '../../src/bus/feed/laneRecord';
import { snapshotLane } from '../../src/bus/feed/laneRecord';
import { ProfileFeed } from '../../src/bus/feed/profileFeed';
import { FRAME_INTERVAL_MS } from '../../src/shared/contract';
import { parseFeedFilter } from '../../src/shared/feedFilter';
import type { FeedFrame } from '../../src/shared/liveChannels';
import { newLaneRecord } from '../support/fakeHubSubscription';
import { readFeedFrame } from '../support/feedFrameSink';

const nextFrame = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, FRAME_INTERVAL_MS * 3));

function setFilter(feed: ProfileFeed, lane: LaneRecord, text: string): void {
  const parsed = parseFeedFilter(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  lane.filter = parsed.value;
  lane.filterText = text;
  feed.applyFilterToHeld(lane);
}

function bench(): { feed: ProfileFeed; frames: FeedFrame[]; devices: LaneRecord; everything: LaneRecord } {
  const frames: FeedFrame[] = [];
  const feed = new ProfileFeed('lab', DEFAULT_FEED_LIMITS, (frame) => frames.push(readFeedFrame(frame)));
  const devices = newLaneRecord({ id: 'devices', target: { kind: 'channel', name: 'devices:telemetry' } });
  const everything = newLaneRecord({ id: 'everything', target: { kind: 'pattern', pattern: '*' } });
  feed.addLane(devices);
  feed.addLane(everything);
  return { feed, frames, devices, everything };
}

function publish(feed: ProfileFeed, lanes: LaneRecord[], count: number): void {
  for (let n = 0; n < count; n++) {
    const payload = Buffer.from(JSON.stringify({ data: { device_id: n % 2 === 0 ? 'mushroom1' : 'mushroom2', n } }));
    const channel = Buffer.from('devices:telemetry');
    for (const lane of lanes) {
      feed.ingest(lane, { channel, pattern: lane.target.kind === 'pattern' ? Buffer.from('*') : null, payload, receivedAt: 1_000 + n });
    }
  }
}

describe('a lane filter over the held history', () => {
  test('takes out the held messages it does not match, says how many it searched and matched, and leaves other lanes alone', async () => {
    const { feed, frames, devices, everything } = bench();
    publish(feed, [devices, everything], 10);
    await nextFrame();
    setFilter(feed, devices, 'data.device_id == mushroom1');
    devices.filterRun?.finishNow();
    await nextFrame();
    const removed = frames.flatMap((frame) => frame.removedFromLanes);
    const visible = feed.recent(null, 100);
    feed.close();
    assert.deepStrictEqual(
      {
        scan: snapshotLane(devices).filterScan,
        counters: snapshotLane(devices).counters,
        removed,
        devicesSeqs: visible.filter((message) => message.laneIds.includes('devices')).map((message) => message.seq),
        everythingCount: visible.filter((message) => message.laneIds.includes('everything')).length,
      },
      {
        scan: { state: 'done', searched: 10, matched: 5, toSearch: 10 },
        counters: { received: 10, shown: 5, filteredOut: 5 },
        removed: [{ laneId: 'devices', seqs: [10, 8, 6, 4, 2] }],
        devicesSeqs: [9, 7, 5, 3, 1],
        everythingCount: 10,
      },
    );
  });

  test('searches a chunk per turn and can be stopped: what was not searched stays', async () => {
    const { feed, devices } = bench();
    publish(feed, [devices], FILTER_SCAN_CHUNK_MESSAGES * 3);
    setFilter(feed, devices, 'data.n < 0');
    await new Promise((resolve) => setImmediate(resolve));
    devices.filterRun?.stop();
    const scan = snapshotLane(devices).filterScan;
    const stillShown = feed.recent(null, 5_000).length;
    feed.close();
    assert.deepStrictEqual(
      { scan, stillShown },
      {
        scan: { state: 'stopped', searched: FILTER_SCAN_CHUNK_MESSAGES, matched: 0, toSearch: FILTER_SCAN_CHUNK_MESSAGES * 3 },
        stillShown: FILTER_SCAN_CHUNK_MESSAGES * 2,
      },
    );
  });

  test("a snapshot answers the channels' statistics as of now, without a frame", () => {
    const { feed, devices } = bench();
    publish(feed, [devices], 3);
    const snapshot = feed.snapshot(null, 10);
    feed.close();
    assert.deepStrictEqual(
      { messages: snapshot.messages.length, totals: snapshot.channels.map((stats) => [stats.channel.text, stats.total]), held: snapshot.history.heldMessages, oldestSeq: snapshot.history.oldestSeq },
      { messages: 3, totals: [['devices:telemetry', 3]], held: 3, oldestSeq: 1 },
    );
  });
});
