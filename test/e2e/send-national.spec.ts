// What the national service accepts, end to end: the app sends to the loopback Spine at its
// national level (the service's own upload rules: PractitionerRole author, Type/id references
// resolved from fullUrls, NHSD-Session-URID, duplicates by event id) in each author shape. Every
// qualifying patient is stored once and counted Sent; the Spine refuses none.

import { loadDemoPractice } from './support/practice';
import { demoOutcomes, expect, fmt, saveAuthor, saveSpineSettings, startRun, test } from './support/sending';

const SIZE = 200;
/**
 * What is checked here is the content the service accepts, not the pacing (send-loopback.spec.ts
 * and the benchmarks hold that at the national 5 a second), so the gateway's SpikeArrest and the
 * app are set alike at 20 a second: the same rules, a quarter of the wait.
 */
const RATE = 20;

interface StoredEntry {
  fullUrl: string;
  resource: { resourceType: string; identifier?: { system: string; value: string }[]; name?: { text: string }[]; code?: { coding: { code: string; display: string }[] }[] };
}

for (const shape of ['job-role', 'sds-user'] as const) {
  test(`national rules, ${shape} author: each qualifying patient stored once and counted Sent, none refused`, async ({ page, startSpine }) => {
    const demo = demoOutcomes(SIZE);
    const spine = await startSpine({ rateLimitPerSecond: RATE, noConsentNhsNumbers: [], cors: 'open' });
    expect(spine.config().level).toBe('national');
    test.setTimeout(90_000 + (demo.qualifying.length / RATE) * 1000);

    await page.goto('/');
    await loadDemoPractice(page, SIZE);

    // The demo practice comes with a made-up author; the SDS-user shape is entered in Settings.
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    const section = page.getByTestId('author-section');
    await expect(section.getByLabel('Responsible clinician’s name')).not.toHaveValue('');
    await expect(section.getByTestId('author-missing')).toHaveCount(0);
    if (shape === 'sds-user') {
      await saveAuthor(page, { clinicianName: 'Dr Sam Patel', jobRole: 'R0270', sdsUserId: '555555555555', sdsRoleProfileId: '555555555556' });
    }
    await saveSpineSettings(page, { baseUrl: spine.url, token: spine.issueToken().access_token, ratePerSecond: RATE });
    await startRun(page);
    const done = page.getByTestId('situation-completed');
    await expect(done).toContainText('National Summary Initial Upload completed successfully', { timeout: (demo.qualifying.length / RATE) * 1000 + 60_000 });

    const stats = spine.stats();
    expect(stats.byStatus['400'] ?? 0, 'requests the national rules refused').toBe(0);
    expect(stats.bundlesStored).toBe(demo.qualifying.length);
    const notOnce = demo.qualifying.map((p) => p.nhsNumber ?? '').filter((n) => spine.bundles(n).length !== 1);
    expect(notOnce, 'patients not stored exactly once').toEqual([]);
    await expect(page.getByTestId('stat-sent')).toHaveText(fmt(demo.qualifying.length));
    await expect(page.getByTestId('stat-sending')).toHaveText('0');

    // The stored summary names its author as the shape says.
    const stored = spine.bundles(demo.qualifying[0]?.nhsNumber ?? '')[0]?.bundle as { entry: StoredEntry[] } | undefined;
    const role = stored?.entry.find((e) => e.resource.resourceType === 'PractitionerRole')?.resource;
    const practitioner = stored?.entry.find((e) => e.resource.resourceType === 'Practitioner')?.resource;
    if (shape === 'sds-user') {
      expect(role?.identifier).toEqual([{ system: 'http://fhir.nhs.net/Id/sds-role-profile-id', value: '555555555556' }]);
      expect(practitioner?.identifier).toEqual([{ system: 'https://fhir.nhs.uk/Id/sds-user-id', value: '555555555555' }]);
      expect(practitioner?.name).toEqual([{ text: 'Dr Sam Patel' }]);
    } else {
      expect(role?.identifier).toBeUndefined();
      expect(role?.code?.[0]?.coding[0]?.code).toMatch(/^R[0-9]{4}$/);
    }
    for (const entry of stored?.entry ?? []) expect(entry.fullUrl.startsWith(`${spine.url}/`)).toBe(true);
  });
}
