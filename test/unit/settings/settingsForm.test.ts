// The settings form's markup (rendered to HTML, no DOM): the NHS classes, labels and hints, errors
// linked to their fields with aria-describedby and listed in a summary, the conditional parts,
// the password field and its unticked "remember" box, and the public key panel.

import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SPINE_FORM_VALUES, type FieldError, type SettingsFormValues } from '../../../src/domain/settings/formValues';
import type { SigningKeyInfo } from '../../../src/domain/settings/publicKey';
import { SettingsForm, type SettingsFormProps } from '../../../src/ui/settings/SettingsForm';

const KEY: SigningKeyInfo = {
  kid: 'scr-upload-2026-03-14-abcdefabcdef',
  createdAt: '2026-03-14T09:30:00.000Z',
  jwk: { kty: 'RSA', n: 'sXch', e: 'AQAB', kid: 'scr-upload-2026-03-14-abcdefabcdef', alg: 'RS512', use: 'sig' },
};

function render(value: Partial<SettingsFormValues>, props: Partial<SettingsFormProps> = {}): string {
  const full: SettingsFormProps = {
    value: { ...DEFAULT_SPINE_FORM_VALUES, ...value },
    errors: [],
    onChange: () => undefined,
    onSubmit: () => undefined,
    signingKey: null,
    onCreateSigningKey: () => undefined,
    haveBearerToken: false,
    ...props,
  };
  return renderToStaticMarkup(createElement(SettingsForm, full));
}

/** The opening tag of the element with this id. */
function tag(html: string, id: string): string {
  const match = new RegExp(`<[a-z]+ [^>]*id="${id}"[^>]*>`).exec(html);
  if (match === null) throw new Error(`no element with id ${id}`);
  return match[0];
}

const decode = (html: string): string => html.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, '&');

describe('SettingsForm', () => {
  it('offers training, clearly labelled, with the Spine fields hidden while it is chosen', () => {
    const html = render({ mode: 'training', trainingSpeed: 'fast' });
    expect(html).toContain('Training — nothing leaves this browser');
    expect(tag(html, 'settings-mode')).toContain('checked=""');
    expect(tag(html, 'settings-mode-spine')).not.toContain('checked');
    expect(tag(html, 'conditional-settings-mode')).not.toContain('--hidden');
    expect(tag(html, 'conditional-settings-mode-spine')).toContain('nhsuk-radios__conditional--hidden');
    expect(tag(html, 'settings-trainingSpeed-fast')).toContain('checked=""');
    expect(html).not.toContain('nhsuk-error-summary');
  });

  it('gives every text field a label and a hint it is described by', () => {
    const html = render({ mode: 'spine' });
    for (const field of ['baseUrl', 'sessionUrid', 'tokenUrl', 'clientId', 'keyId', 'ratePerSecond', 'concurrency', 'timeoutSeconds']) {
      expect(html).toContain(`<label class="nhsuk-label" for="settings-${field}">`);
      expect(tag(html, `settings-${field}`)).toContain(`aria-describedby="settings-${field}-hint"`);
      expect(html).toContain(`id="settings-${field}-hint"`);
    }
    expect(tag(html, 'conditional-settings-mode-spine')).not.toContain('--hidden');
  });

  it('lists errors in a summary linking to each field, and shows each at its field', () => {
    const errors: FieldError[] = [
      { field: 'baseUrl', message: 'The base URL must start with https://' },
      { field: 'concurrency', message: 'The number of requests at once must be a whole number from 1 to 50' },
      { field: 'ladder', message: 'Choose a retry schedule: national or training' },
    ];
    const html = decode(render({ mode: 'spine', baseUrl: 'http://example.org' }, { errors }));
    expect(html).toMatch(/<div class="nhsuk-error-summary"[^>]*role="alert"[^>]*tabindex="-1"/);
    expect(html).toContain('<h2 class="nhsuk-error-summary__title" id="settings-error-summary-title">There is a problem</h2>');
    for (const error of errors) expect(html).toContain(`<a href="#settings-${error.field}">${error.message}</a>`);

    const input = tag(html, 'settings-baseUrl');
    expect(input).toContain('aria-describedby="settings-baseUrl-hint settings-baseUrl-error"');
    expect(input).toContain('nhsuk-input--error');
    expect(input).toContain('aria-invalid="true"');
    expect(input).toContain('value="http://example.org"');
    expect(html).toContain('<span class="nhsuk-error-message" id="settings-baseUrl-error"><span class="nhsuk-u-visually-hidden">Error:</span> The base URL must start with https://</span>');
    expect(html).toMatch(/<fieldset class="nhsuk-fieldset" aria-describedby="settings-ladder-error">/);
    expect(html).toContain('nhsuk-form-group nhsuk-form-group--error');
    expect(tag(html, 'settings-sessionUrid')).not.toContain('error');
  });

  it('takes a bearer token in a password field, remembered only when ticked', () => {
    const html = render({ mode: 'spine', authKind: 'bearer' });
    expect(tag(html, 'settings-bearerToken')).toContain('type="password"');
    expect(tag(html, 'settings-bearerToken').toLowerCase()).toContain('autocomplete="off"');
    const remember = tag(html, 'settings-rememberToken');
    expect(remember).toContain('type="checkbox"');
    expect(remember).not.toContain('checked');
    expect(html).toContain('Remember this token on this computer');
    expect(html).toContain('kept for this session only');
    expect(tag(render({ mode: 'spine', authKind: 'bearer', rememberToken: true }), 'settings-rememberToken')).toContain('checked=""');
    expect(render({ mode: 'spine', authKind: 'bearer' }, { haveBearerToken: true })).toContain('leave this empty to keep it');
    expect(tag(html, 'conditional-settings-authKind')).toContain('--hidden');
  });

  it('offers to create a signing key when there is none', () => {
    const html = render({ mode: 'spine', authKind: 'signed-jwt' });
    expect(html).toContain('data-testid="signing-key-none"');
    expect(html).toContain('>Create signing key</button>');
  });

  it('shows the public key to register, and offers its key id when the field differs', () => {
    const html = decode(render({ mode: 'spine', authKind: 'signed-jwt', keyId: '' }, { signingKey: KEY }));
    expect(html).toContain(`<code data-testid="signing-key-kid">${KEY.kid}</code>`);
    expect(html).toContain(JSON.stringify({ keys: [KEY.jwk] }, null, 2));
    expect(html).toContain('>Copy public key</button>');
    expect(html).toContain('>Replace signing key</button>');
    expect(html).toContain('>Use this key ID</button>');
    expect(render({ mode: 'spine', authKind: 'signed-jwt', keyId: KEY.kid }, { signingKey: KEY })).not.toContain('Use this key ID');
  });

  it('disables saving and key making while busy', () => {
    const html = render({ mode: 'spine', authKind: 'signed-jwt' }, { busy: true });
    expect(html).toContain('<button type="submit" class="nhsuk-button" disabled="">Save settings</button>');
    expect(html).toMatch(/<button type="button" class="nhsuk-button nhsuk-button--secondary" disabled="">Create signing key<\/button>/);
  });
});
