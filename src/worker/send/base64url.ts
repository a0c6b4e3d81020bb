// base64url without padding (RFC 4648 section 5), as JWS uses it. Works in a worker and in Node
// alike: no Buffer.

export function base64urlFromBytes(bytes: Uint8Array): string {
  let binary = '';
  // Chunked: String.fromCharCode with a huge argument list overflows the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64urlFromText(text: string): string {
  return base64urlFromBytes(new TextEncoder().encode(text));
}
