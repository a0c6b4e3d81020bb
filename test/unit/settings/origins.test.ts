// The origins the settings make the app contact (for the page's connect-src).

import { describe, expect, it } from 'vitest';
import { contactedOrigins } from '../../../src/domain/settings/origins';
import type { SpineSettings } from '../../../src/shared/sendingSettings';

const spine: SpineSettings = {
  kind: 'spine',
  baseUrl: 'https://int.api.service.nhs.uk/summary-care-record/FHIR/R4',
  sessionUrid: null,
  auth: { kind: 'bearer', remember: false },
  ratePerSecond: 5,
  concurrency: 5,
  ladder: 'national',
  timeoutMs: 30_000,
};

describe('contactedOrigins', () => {
  it('is nothing for training', () => {
    expect(contactedOrigins({ kind: 'training', speed: 'fast' })).toEqual([]);
  });

  it('is the base URL origin for a bearer token', () => {
    expect(contactedOrigins(spine)).toEqual(['https://int.api.service.nhs.uk']);
  });

  it('adds the token URL origin for signed JWT, once when they are the same', () => {
    const auth = { kind: 'signed-jwt', tokenUrl: 'https://int.api.service.nhs.uk/oauth2/token', clientId: 'c', keyId: 'k' } as const;
    expect(contactedOrigins({ ...spine, auth })).toEqual(['https://int.api.service.nhs.uk']);
    expect(contactedOrigins({ ...spine, baseUrl: 'http://127.0.0.1:4180', auth: { ...auth, tokenUrl: 'http://localhost:4180/oauth2/token' } })).toEqual([
      'http://127.0.0.1:4180',
      'http://localhost:4180',
    ]);
  });

  it('normalises to scheme, host and port, and leaves out what is not a web address', () => {
    expect(contactedOrigins({ ...spine, baseUrl: 'HTTPS://API.Service.NHS.uk:443/x/' })).toEqual(['https://api.service.nhs.uk']);
    expect(contactedOrigins({ ...spine, baseUrl: 'not a url' })).toEqual([]);
    expect(contactedOrigins({ ...spine, baseUrl: 'data:text/plain,hi' })).toEqual([]);
  });
});
