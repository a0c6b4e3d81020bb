// Screens and hash-based navigation (works offline and from the installed app with no server
// routes). Other features add their screens here.

import { useSyncExternalStore } from 'react';

export const APP_NAME = 'SCR Initial Upload';

/** `title`: the menu's word for it and the page title's first part; `inMenu`: listed in the main menu. */
export const SCREENS = [
  { id: 'overview', title: 'Practice', inMenu: true },
  { id: 'upload', title: 'Upload', inMenu: true },
  { id: 'messages', title: 'Messages', inMenu: true },
  { id: 'errors', title: 'Upload Errors', inMenu: true },
  { id: 'preview', title: 'Preview', inMenu: true },
  { id: 'log', title: 'Log', inMenu: true },
  { id: 'import', title: 'Import', inMenu: true },
  { id: 'storage', title: 'Storage', inMenu: true },
  { id: 'settings', title: 'Settings', inMenu: true },
  // Reached from Import (and the footer), not the menu.
  { id: 'help', title: 'Help: the practice extract', inMenu: false },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'];

export const MENU_SCREENS = SCREENS.filter((s) => s.inMenu);

function parse(hash: string): ScreenId {
  const id = hash.replace(/^#\/?/, '');
  return SCREENS.find((s) => s.id === id)?.id ?? 'overview';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useScreen(): ScreenId {
  return useSyncExternalStore(subscribe, () => parse(window.location.hash));
}

export const screenHref = (id: ScreenId): string => `#/${id}`;

/** The document's title on a screen, e.g. "Upload – SCR Initial Upload". */
export function pageTitle(id: ScreenId): string {
  const screen = SCREENS.find((s) => s.id === id);
  return screen === undefined ? APP_NAME : `${screen.title} – ${APP_NAME}`;
}
