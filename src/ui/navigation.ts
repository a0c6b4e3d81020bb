// Screens and hash-based navigation (works offline and from the installed app with no server
// routes). Other features add their screens here.

import { useSyncExternalStore } from 'react';

export const SCREENS = [
  { id: 'overview', title: 'Practice' },
  { id: 'upload', title: 'Upload' },
  { id: 'messages', title: 'Messages' },
  { id: 'errors', title: 'Upload Errors' },
  { id: 'preview', title: 'Preview' },
  { id: 'log', title: 'Log' },
  { id: 'import', title: 'Import' },
  { id: 'storage', title: 'Storage' },
  { id: 'settings', title: 'Settings' },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'];

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
