// Where the HTTP transport gets its access token. Behind an interface so the application-
// restricted signed-JWT flow (a provider that exchanges a client assertion at the token endpoint
// and refreshes before expiry) can replace the simple bearer token without touching the sender.

export interface AuthUnavailable {
  readonly kind: 'auth-unavailable';
  /** Why there is no token, in words for the status bar ("no access token entered", ...). */
  readonly reason: string;
}

export interface AuthProvider {
  /** A current access token, or why there is none; never throws. */
  token(): Promise<string | AuthUnavailable>;
  /** The server answered 401 to this token: stop handing it out. */
  rejected(token: string): void;
}

export const isAuthUnavailable = (value: string | AuthUnavailable): value is AuthUnavailable => typeof value !== 'string';

/** A token the user (or a test) supplies. After a 401 it is dropped until a new one is set. */
export class BearerTokenProvider implements AuthProvider {
  private current: string | null;

  constructor(token: string | null) {
    this.current = token === null || token.trim() === '' ? null : token.trim();
  }

  setToken(token: string): void {
    this.current = token.trim() === '' ? null : token.trim();
  }

  token(): Promise<string | AuthUnavailable> {
    return Promise.resolve(this.current ?? { kind: 'auth-unavailable', reason: 'no valid access token' });
  }

  rejected(token: string): void {
    if (this.current === token) this.current = null;
  }
}
