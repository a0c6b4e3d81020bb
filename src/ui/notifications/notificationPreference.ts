// Whether this computer wants desktop notifications about the upload (opt-in, per browser
// profile: localStorage), and which ones it has already shown, so an event is told once however
// many tabs see it or however often the app is reopened.

import { useSyncExternalStore } from 'react';

const WANTED_KEY = 'scr-notifications';
const SHOWN_KEY = 'scr-notifications-shown';
/** Tags remembered; older ones are forgotten (their events are long past). */
const SHOWN_KEPT = 100;

const listeners = new Set<() => void>();

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    // Storage blocked (a policy): behave as never opted in.
    return null;
  }
}

export function notificationsSupported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

/** Opted in, and the browser allows it. */
export function notificationsWanted(): boolean {
  return notificationsSupported() && read(WANTED_KEY) === 'on' && Notification.permission === 'granted';
}

export function setNotificationsWanted(wanted: boolean): void {
  try {
    localStorage.setItem(WANTED_KEY, wanted ? 'on' : 'off');
  } catch {
    return;
  }
  for (const l of listeners) l();
}

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  // Another tab changed it.
  window.addEventListener('storage', onChange);
  return () => {
    listeners.delete(onChange);
    window.removeEventListener('storage', onChange);
  };
}

export function useNotificationsWanted(): boolean {
  return useSyncExternalStore(subscribe, notificationsWanted, () => false);
}

/** Records `tag` as shown; false when it had been shown already (here or in another tab). */
export function firstShowing(tag: string): boolean {
  let shown: string[];
  try {
    const parsed: unknown = JSON.parse(read(SHOWN_KEY) ?? '[]');
    shown = Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    shown = [];
  }
  if (shown.includes(tag)) return false;
  try {
    localStorage.setItem(SHOWN_KEY, JSON.stringify([...shown, tag].slice(-SHOWN_KEPT)));
  } catch {
    // Not remembered: at worst told again.
  }
  return true;
}
