import { decodeBusMessage, encodeOutgoingFrame } from '../../src/shared/busMessageCodec';
import type { WireFeedFrame } from '../../src/shared/feedFrameWire';
import type { FeedFrame, FeedGap, FeedMessage, Lane } from '../../src/shared/liveChannels';

/** A feed frame as the bus cut it, read back the way a host or window reads it: written to bytes and decoded. */
export function readFeedFrame(frame: WireFeedFrame): FeedFrame {
  const message = decodeBusMessage(encodeOutgoingFrame(frame));
  if (message.kind !== 'frame' || message.frame.kind !== 'feed') throw new Error('Not a feed frame.');
  return message.frame;
}

/** Collects the feed frames LiveChannels emits (a stand-in for the host, not Redis). */
export class FrameSink {
  readonly frames: FeedFrame[] = [];
  /** Busy time per frame, to play a consumer that cannot keep up. */
  blockMs = 0;
  readonly emit = (frame: WireFeedFrame): void => this.add(readFeedFrame(frame));

  /** A frame already read (from the bytes a bus core sent). */
  add(frame: FeedFrame): void {
    this.frames.push(frame);
    const until = Date.now() + this.blockMs;
    while (Date.now() < until) {
      // Deliberately blocking: a slow consumer on the same thread.
    }
  }

  messages(): FeedMessage[] {
    return this.frames.flatMap((frame) => frame.messages);
  }

  lastFrame(): FeedFrame | undefined {
    return this.frames.at(-1);
  }

  /** Each gap in its latest version, oldest first. */
  gaps(): FeedGap[] {
    const latest = new Map<string, FeedGap>();
    for (const frame of this.frames) for (const gap of frame.gaps) latest.set(gap.id, gap);
    return [...latest.values()];
  }

  /** Each lane in its latest version. */
  lane(laneId: string): Lane | undefined {
    for (let index = this.frames.length - 1; index >= 0; index--) {
      const found = this.frames[index]!.lanes.find((lane) => lane.id === laneId);
      if (found) return found;
    }
    return undefined;
  }
}
