// The origins the settings make the app contact: the Spine base URL's and, for signed-JWT
// authentication, the token URL's. For the page's Content Security Policy (connect-src), which
// must allow exactly these and nothing else. Training contacts nothing.

import type { SendingSettings } from '../../shared/sendingSettings';

function originOf(address: string): string | null {
  try {
    const origin = new URL(address).origin;
    // Non-http(s) URLs have the opaque origin "null": nothing the app may contact.
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/** Distinct origins, base URL first; addresses that are not URLs are left out. */
export function contactedOrigins(settings: SendingSettings): string[] {
  if (settings.kind === 'training') return [];
  const addresses = [settings.baseUrl, ...(settings.auth.kind === 'signed-jwt' ? [settings.auth.tokenUrl] : [])];
  const origins = addresses.map(originOf).filter((o): o is string => o !== null);
  return [...new Set(origins)];
}
