// Shows one alert as a desktop notification; clicking it brings this tab forward.

import { firstShowing } from './notificationPreference';
import type { RunAlert } from './runAlerts';

export function showAlert(alert: RunAlert): void {
  if (!('Notification' in window) || Notification.permission !== 'granted' || !firstShowing(alert.tag)) return;
  try {
    const notification = new Notification(alert.title, { body: alert.body, tag: alert.tag, icon: '/icons/icon-192.png' });
    notification.onclick = () => {
      window.focus();
      notification.close();
    };
  } catch {
    // Some platforms allow notifications only from a service worker: nothing else depends on it.
  }
}
