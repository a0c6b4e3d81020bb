// The benchmark's TLS certificate for the loopback Spine's HTTPS/HTTP2 front, made once per
// process; the browsers the benches open accept exactly this key (profile.ts).

import { makeSelfSignedCertificate, type SelfSignedCertificate } from '../../test/spine/selfSignedCertificate';

let made: SelfSignedCertificate | null = null;

export function benchCertificate(): SelfSignedCertificate {
  made ??= makeSelfSignedCertificate();
  return made;
}
