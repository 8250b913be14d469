/**
 * Critical alerts worth a notification, collapsed: notices gathered over a
 * short window go out as one event, and a burst of many (1,000 critical
 * alerts in a storm) becomes one summary instead of 1,000 pop-ups.
 */
import type { AlertView } from '../../shared/features/alertsContract';

export interface NoticeEvent {
  title: string;
  body: string;
  alertCount: number;
}

/** How long notices are gathered before one goes out. */
export const NOTICE_WINDOW_MS = 1000;

export class NoticeCollapser {
  private pending: AlertView[] = [];
  private pendingCount = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly emit: (notice: NoticeEvent) => void,
    private readonly windowMs = NOTICE_WINDOW_MS,
  ) {}

  add(alert: AlertView): void {
    this.pendingCount++;
    // Only the first few are named in a summary; the rest are counted.
    if (this.pending.length < 3) this.pending.push(alert);
    this.timer ??= setTimeout(() => this.flush(), this.windowMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pendingCount === 0) return;
    const [first] = this.pending;
    const count = this.pendingCount;
    this.pending = [];
    this.pendingCount = 0;
    if (count === 1 && first) {
      this.emit({ title: `Critical: ${first.rule || first.source}`, body: withSubject(first), alertCount: 1 });
      return;
    }
    this.emit({ title: `${count} critical alerts`, body: this.summaryBody(first, count), alertCount: count });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private summaryBody(first: AlertView | undefined, count: number): string {
    return first ? `${withSubject(first)} and ${count - 1} more. Open Labwire to see them.` : `Open Labwire to see them.`;
  }
}

function withSubject(alert: AlertView): string {
  return alert.subject ? `${alert.subject}: ${alert.message}` : alert.message;
}
