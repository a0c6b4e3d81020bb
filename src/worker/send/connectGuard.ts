// The worker's own connect-src: a fetch that refuses any origin not in the allowed list (the
// origins of the stored settings' Spine base URL and token URL). The requests the app makes are
// built from those settings, so this never blocks them; it makes "nothing goes anywhere else" a
// property of the code rather than of how the server happens to be configured.

export class BlockedOrigin extends TypeError {
  constructor(readonly origin: string) {
    super(`Refused to connect to ${origin}: it is not one of the endpoints in Settings.`);
    this.name = 'BlockedOrigin';
  }
}

export function guardedFetch(allowedOrigins: readonly string[], base: typeof fetch = (input, init) => fetch(input, init)): typeof fetch {
  const allowed = new Set(allowedOrigins);
  return (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      return Promise.reject(new BlockedOrigin(url));
    }
    if (!allowed.has(origin)) return Promise.reject(new BlockedOrigin(origin));
    return base(input, init);
  };
}
