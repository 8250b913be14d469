/**
 * When a desktop notification is shown: a notification is for someone who is
 * not looking at Labwire, so none while the window has focus, and at most one
 * per key per cooldown so a flapping server does not bury the desktop. What
 * is notified comes from the bus's alerts (criticalAlertNotices.ts); a lost
 * connection is one of their rules, not a notice of its own.
 */
export const NOTIFICATION_COOLDOWN_MS = 30_000;
export const MAX_NOTIFICATION_TITLE_CHARS = 120;
export const MAX_NOTIFICATION_BODY_CHARS = 400;
/** Cooldown entries kept; older ones are forgotten first. */
export const MAX_TRACKED_ALERT_KEYS = 1000;

export interface DesktopAlert {
  /** Alerts with the same key share a cooldown. */
  key: string;
  title: string;
  body: string;
}

export type NotificationDecision =
  | { action: 'show'; title: string; body: string }
  | { action: 'skip'; reason: 'windowFocused' | 'unsupported' | 'coolingDown' };

export interface NotificationContext {
  isWindowFocused: boolean;
  /** Notification.isSupported(). */
  isSupported: boolean;
  /** Epoch ms. */
  now: number;
}

export class AlertNotifier {
  private readonly lastShownAt = new Map<string, number>();

  decide(alert: DesktopAlert, context: NotificationContext): NotificationDecision {
    if (!context.isSupported) return { action: 'skip', reason: 'unsupported' };
    if (context.isWindowFocused) return { action: 'skip', reason: 'windowFocused' };
    const last = this.lastShownAt.get(alert.key);
    if (last !== undefined && context.now - last < NOTIFICATION_COOLDOWN_MS) return { action: 'skip', reason: 'coolingDown' };
    this.remember(alert.key, context.now);
    return {
      action: 'show',
      title: truncate(alert.title, MAX_NOTIFICATION_TITLE_CHARS),
      body: truncate(alert.body, MAX_NOTIFICATION_BODY_CHARS),
    };
  }

  private remember(key: string, now: number): void {
    this.lastShownAt.delete(key);
    this.lastShownAt.set(key, now);
    // Maps iterate in insertion order, so the first key is the least recently shown.
    while (this.lastShownAt.size > MAX_TRACKED_ALERT_KEYS) {
      const oldest = this.lastShownAt.keys().next().value;
      if (oldest === undefined) break;
      this.lastShownAt.delete(oldest);
    }
  }
}

function truncate(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}
