// The summary's author in the settings table (AUTHOR_SETTINGS_KEY): read with a shape check (an
// unreadable row counts as none), written whole. What the message builder needs to build a body
// (the author and the base of the entries' fullUrls) is read here in the caller's transaction.

import type { ScrDatabase } from '../db/database';
import { AUTHOR_SETTINGS_KEY, type AuthorDraft, type AuthorSettings } from '../shared/authorSettings';
import { isCompleteAuthor } from '../domain/author/validateAuthor';
import type { StoredAuthor } from '../domain/author/practiceAuthor';
import { fullUrlBaseFor, type MessageContext } from '../domain/summary/messageBody';
import { DEFAULT_SENDING_SETTINGS, SENDING_SETTINGS_KEY, type SendingSettings } from '../shared/sendingSettings';
import { isSendingSettings } from './send/sendingStore';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string';

function readClinician(v: unknown): AuthorSettings['clinician'] | null | undefined {
  if (v === null) return null;
  if (!isObject(v) || !isText(v['name']) || !isObject(v['jobRole'])) return undefined;
  const role = v['jobRole'];
  if (!isText(role['code']) || !isText(role['display'])) return undefined;
  const sds = v['sds'];
  if (sds !== null && !(isObject(sds) && isText(sds['userId']) && isText(sds['roleProfileId']))) return undefined;
  return { name: v['name'], jobRole: { code: role['code'], display: role['display'] }, sds: sds === null ? null : { userId: sds['userId'] as string, roleProfileId: sds['roleProfileId'] as string } };
}

/** A stored author value, or null when absent or of an unknown shape. */
export function readStoredAuthor(value: unknown): StoredAuthor | null {
  if (!isObject(value) || !isObject(value['organisation'])) return null;
  const source = value['source'];
  if (source !== 'demo' && source !== 'entered' && source !== 'imported') return null;
  const o = value['organisation'];
  const organisation: AuthorDraft['organisation'] = {};
  const fields = ['odsCode', 'name', 'address', 'telephone'] as const;
  const picked: Partial<Record<(typeof fields)[number], string>> = {};
  for (const f of fields) {
    const text = o[f];
    if (text !== undefined && !isText(text)) return null;
    if (isText(text)) picked[f] = text;
  }
  Object.assign(organisation, picked);
  const clinician = readClinician(value['clinician']);
  if (clinician === undefined) return null;
  return { organisation, clinician, source };
}

export async function loadAuthor(db: ScrDatabase): Promise<StoredAuthor | null> {
  return readStoredAuthor((await db.settings.get(AUTHOR_SETTINGS_KEY))?.value);
}

export async function saveAuthor(db: ScrDatabase, author: StoredAuthor): Promise<void> {
  await db.settings.put({ key: AUTHOR_SETTINGS_KEY, value: author });
}

/**
 * What a message body is built with, read inside the caller's transaction (which must include
 * db.settings); null when the author is not complete (nothing can be sent until it is).
 */
export async function loadMessageContext(db: ScrDatabase): Promise<MessageContext | null> {
  const [authorRow, sendingRow] = await Promise.all([db.settings.get(AUTHOR_SETTINGS_KEY), db.settings.get(SENDING_SETTINGS_KEY)]);
  const author = readStoredAuthor(authorRow?.value);
  if (author === null || !isCompleteAuthor(author)) return null;
  const stored: unknown = sendingRow?.value;
  const sending: SendingSettings = isSendingSettings(stored) ? stored : DEFAULT_SENDING_SETTINGS;
  return { author, fullUrlBase: fullUrlBaseFor(sending) };
}
