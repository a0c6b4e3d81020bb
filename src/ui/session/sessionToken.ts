// A bearer token kept "for this session only": in the tab's sessionStorage (gone when the tab or
// browser closes), handed to the engine worker at start and after every worker restart. A token
// the user asked to remember is in the database instead, and the worker reads it itself.

const KEY = 'scr-initial-upload:session-token';

export function readSessionToken(): string | null {
  try {
    const value = sessionStorage.getItem(KEY);
    return value === null || value === '' ? null : value;
  } catch {
    return null;
  }
}

export function writeSessionToken(token: string | null): void {
  try {
    if (token === null) sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, token);
  } catch {
    // Storage refused (private mode, quota): the token still lives in the worker until it restarts.
  }
}
