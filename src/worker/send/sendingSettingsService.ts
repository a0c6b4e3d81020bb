// The settings screen's side of the engine: read the sending settings, validate and save what
// the user typed (rebuilding the sender between two requests), hold a bearer token for the
// session or remember it, and make the signing key. Tokens and key material never reach the log.

import type { ScrDatabase } from '../../db/database';
import type { FieldError, SettingsFormValues } from '../../domain/settings/formValues';
import type { SigningKeyInfo } from '../../domain/settings/publicKey';
import { validateSettingsForm } from '../../domain/settings/validateSettings';
import type { SendingSettings } from '../../shared/sendingSettings';
import { fail, ok, toEngineError, type Result } from '../../shared/errors';
import type { Clock } from '../ports';
import { saveSendingSettings } from './sendingStore';
import { loadSigningKey, replaceSigningKey, signingKeyInfo } from './signingKey';
import type { Transmission } from './transmission';

export interface SendingSettingsView {
  readonly settings: SendingSettings;
  /** A bearer token is held (this session, or remembered). */
  readonly haveBearerToken: boolean;
  readonly signingKey: SigningKeyInfo | null;
}

export type SaveSettingsResult =
  | { readonly ok: true; readonly view: SendingSettingsView }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

/** The settings in words for the log (never a token or key). */
export function describeSettings(s: SendingSettings): string {
  if (s.kind === 'training') return `the training Spine in this browser (${s.speed}); nothing leaves this browser`;
  const auth = s.auth.kind === 'bearer' ? `an access token${s.auth.remember ? ' remembered on this computer' : ' kept for this session'}` : `application-restricted authentication (client ${s.auth.clientId}, key ${s.auth.keyId})`;
  return `${s.baseUrl}/Bundle with ${auth}; at most ${s.ratePerSecond} requests a second, ${s.concurrency} at once, ${s.timeoutMs / 1000} s each; the ${s.ladder} retry schedule`;
}

export class SendingSettingsService {
  constructor(
    private readonly db: ScrDatabase,
    private readonly clock: Clock,
    private readonly transmission: Transmission,
    private readonly log: (text: string) => Promise<void>,
    private readonly ready: () => Promise<void>,
  ) {}

  async view(): Promise<SendingSettingsView> {
    await this.ready();
    const key = await loadSigningKey(this.db);
    return { settings: this.transmission.currentSettings(), haveBearerToken: await this.transmission.hasBearerToken(), signingKey: key === null ? null : await signingKeyInfo(key) };
  }

  /** Validates and saves; nothing stored changes when anything is wrong. */
  async save(values: SettingsFormValues): Promise<SaveSettingsResult> {
    await this.ready();
    const checked = validateSettingsForm(values, { haveBearerToken: await this.transmission.hasBearerToken() });
    if (!checked.ok) return checked;
    const { settings, bearerToken } = checked;
    const bearer = settings.kind === 'spine' && settings.auth.kind === 'bearer' ? settings.auth : null;
    // The token to remember: the one typed, else the one held (when asked to remember it now).
    const held = await this.transmission.bearerToken();
    const remembered = bearer?.remember === true ? (bearerToken ?? held) : null;
    await saveSendingSettings(this.db, settings, remembered);
    if (bearerToken !== null) this.transmission.setBearerToken(bearerToken);
    await this.transmission.configure(settings);
    await this.log(`Sending settings saved: messages go to ${describeSettings(settings)}.`);
    return { ok: true, view: await this.view() };
  }

  /** A token from the tab's session storage after a reload (kept only in memory here). */
  setSessionToken(token: string): Result<null> {
    const trimmed = token.trim();
    if (trimmed === '') return fail('invalid-argument', 'The access token is empty.');
    this.transmission.setBearerToken(trimmed);
    return ok(null);
  }

  /** Makes (or replaces) this computer's signing key; the private key never leaves the browser. */
  async createSigningKey(): Promise<Result<SigningKeyInfo>> {
    try {
      const key = await replaceSigningKey(this.db, this.clock);
      await this.log(`A new signing key was made on this computer (key ID ${key.kid}); register its public key before sending.`);
      await this.transmission.configure(this.transmission.currentSettings());
      return ok(await signingKeyInfo(key));
    } catch (e) {
      return { ok: false, error: toEngineError(e) };
    }
  }
}
