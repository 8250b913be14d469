/** A button, in serve mode only, that asks the browser once for permission to notify critical alerts. */
import { useState } from 'react';
import { useHello } from '../../api/busQueries';
import { askBrowserNotificationPermission, browserNotificationPermission } from './browserNotifications';

export function BrowserNotificationsOffer() {
  const hello = useHello();
  const [permission, setPermission] = useState(browserNotificationPermission);
  if (hello.data?.host !== 'serve' || permission === 'unsupported') return null;
  if (permission === 'granted') return <span className="muted alerts-notify-note">Critical alerts notify this browser</span>;
  if (permission === 'denied') return <span className="muted alerts-notify-note">This browser blocks notifications</span>;
  return (
    <button type="button" className="button" onClick={() => void askBrowserNotificationPermission().then(setPermission)}>
      Notify me of critical alerts
    </button>
  );
}
