import type { BusFrame } from '../../src/shared/contract';
import type { FeedFrame, FeedGap, FeedMessage, Lane } from '../../src/shared/liveChannels';

/** Collects the feed frames LiveChannels emits (a stand-in for the host, not Redis). */
export class FrameSink {
  readonly frames: FeedFrame[] = [];
  /** Busy time per frame, to play a consumer that cannot keep up. */
  blockMs = 0;
  readonly emit = (frame: BusFrame): void => {
    if (frame.kind !== 'feed') return;
    this.frames.push(frame);
    const until = Date.now() + this.blockMs;
    while (Date.now() < until) {
      // Deliberately blocking: a slow consumer on the same thread.
    }
  };

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
