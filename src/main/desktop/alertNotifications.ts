/**
 * Which bus events become desktop notifications, and when to stay quiet: a
 * notification is for someone who is not looking at Labwire, so none while
 * the window has focus, and at most one per connection per cooldown so a
 * flapping server does not bury the desktop.
 */
import type { BusEvent } from '../../shared/contract';

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
  private readonly profileNames = new Map<string, string>();
  private readonly lastShownAt = new Map<string, number>();

  /** The alert this event raises, if any; also learns profile names for alert titles. */
  alertFor(event: BusEvent): DesktopAlert | null {
    if (event.type === 'profiles:changed') {
      this.profileNames.clear();
      for (const profile of event.profiles) this.profileNames.set(profile.id, profile.name);
      return null;
    }
    if (event.type !== 'connection:state') return null;
    const name = this.profileNames.get(event.profileId) ?? 'a Redis connection';
    const key = `connection:${event.profileId}`;
    const { state } = event;
    if (state.state === 'failed') return { key, title: `Labwire stopped connecting to ${name}`, body: state.reason.message };
    if (state.state === 'reconnecting' && state.attempt === 1) {
      return { key, title: `Labwire lost ${name}`, body: `${state.lastError.message} Labwire keeps trying to reconnect.` };
    }
    return null;
  }

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
