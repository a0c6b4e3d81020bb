// After an auth hold (a 401, or no token to be had), the sender waits for authRestored(). With a
// provider that can get tokens by itself (signed JWT), nobody has to type anything: this waits
// until the provider hands out a token again, asking no more often than its back-off allows,
// so the engine can then call sender.authRestored().

import type { Clock } from '../ports';
import { isAuthUnavailable, type AuthProvider } from './auth';
import { RETRY_INITIAL_MS } from './signedJwtAuth';
import type { Sleeper } from './sleeper';

export interface RecoverableAuth extends AuthProvider {
  /** When the provider will next ask its token endpoint (epoch ms); null when it may now. */
  retryAt(): number | null;
}

/** Resolves true once `auth` has a token, false if `signal` aborts first. Never rejects. */
export async function waitForToken(auth: RecoverableAuth, clock: Clock, sleeper: Sleeper, signal: AbortSignal): Promise<boolean> {
  while (!signal.aborted) {
    if (!isAuthUnavailable(await auth.token())) return true;
    const at = auth.retryAt() ?? clock.now() + RETRY_INITIAL_MS;
    await sleeper.sleep(Math.max(0, at - clock.now()), signal);
  }
  return false;
}
