// The opt-in for desktop notifications on this computer: when the upload completes, or needs
// someone (a login expired, storage full, the Spine refusing what is sent, the stop time, a
// scheduled start missed while the app was closed). Asking the browser's permission needs a click.

import { useId, useState } from 'react';
import { notificationsSupported, setNotificationsWanted, useNotificationsWanted } from './notificationPreference';

export function NotificationOptIn() {
  const wanted = useNotificationsWanted();
  const [refused, setRefused] = useState(false);
  const id = useId();
  if (!notificationsSupported()) return null;
  const change = async (on: boolean): Promise<void> => {
    if (!on) {
      setNotificationsWanted(false);
      return;
    }
    const permission = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
    setRefused(permission !== 'granted');
    setNotificationsWanted(permission === 'granted');
  };
  return (
    <div className="nhsuk-form-group" data-testid="notification-opt-in">
      <div className="nhsuk-checkboxes">
        <div className="nhsuk-checkboxes__item">
          <input className="nhsuk-checkboxes__input" id={id} type="checkbox" checked={wanted} onChange={(e) => void change(e.target.checked)} aria-describedby={`${id}-hint`} />
          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>
            Tell me on this computer when the upload completes or needs someone
          </label>
          <div className="nhsuk-hint nhsuk-checkboxes__hint" id={`${id}-hint`}>
            A desktop notification when it completes, when sending stops for a login, full storage or a refusal from the Spine, at the stop time, and when a scheduled start was missed because the app was closed.
          </div>
        </div>
      </div>
      {refused && (
        <p className="nhsuk-error-message" role="alert">
          This browser blocks notifications for this site. Allow them in the browser&apos;s site settings, then tick the box again.
        </p>
      )}
    </div>
  );
}
