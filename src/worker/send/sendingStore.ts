// The sending settings and a remembered bearer token in the settings table. A token is stored
// only when the user asked to remember it; otherwise it lives in the worker's memory (and the
// tab's session storage, which the UI hands back after a reload).

import type { ScrDatabase } from '../../db/database';
import { DEFAULT_SENDING_SETTINGS, SENDING_SETTINGS_KEY, type SendingSettings } from '../../shared/sendingSettings';

export const REMEMBERED_TOKEN_KEY = 'bearer-token';

export interface StoredSending {
  readonly settings: SendingSettings;
  readonly rememberedToken: string | null;
}

export function isSendingSettings(value: unknown): value is SendingSettings {
  if (typeof value !== 'object' || value === null || !('kind' in value)) return false;
  if (value.kind === 'training') return 'speed' in value && (value.speed === 'realistic' || value.speed === 'fast');
  return value.kind === 'spine' && 'baseUrl' in value && typeof value.baseUrl === 'string' && 'auth' in value && typeof value.auth === 'object' && value.auth !== null;
}

/** The stored settings, or the defaults when none (or an unreadable shape) are stored. */
export async function loadSendingSettings(db: ScrDatabase): Promise<StoredSending> {
  const [row, token] = await db.transaction('r', db.settings, () => Promise.all([db.settings.get(SENDING_SETTINGS_KEY), db.settings.get(REMEMBERED_TOKEN_KEY)]));
  return {
    settings: isSendingSettings(row?.value) ? row.value : DEFAULT_SENDING_SETTINGS,
    rememberedToken: typeof token?.value === 'string' && token.value !== '' ? token.value : null,
  };
}

/** Stores settings and, in the same transaction, remembers or forgets the token. */
export async function saveSendingSettings(db: ScrDatabase, settings: SendingSettings, rememberToken: string | null): Promise<void> {
  await db.transaction('rw', db.settings, async () => {
    await db.settings.put({ key: SENDING_SETTINGS_KEY, value: settings });
    if (rememberToken === null) await db.settings.delete(REMEMBERED_TOKEN_KEY);
    else await db.settings.put({ key: REMEMBERED_TOKEN_KEY, value: rememberToken });
  });
}
