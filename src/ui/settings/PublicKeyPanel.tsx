// This computer's signing key for signed-JWT authentication: its key id and public key (a JWKS)
// to copy or download and register with NHS England's API platform, and the button that creates
// it, or replaces it after a warning (the old registration then stops working).

import { useState } from 'react';
import { jwksText, type SigningKeyInfo } from '../../domain/settings/publicKey';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { downloadText } from '../download';
import { formatDateTime } from '../format';

export interface PublicKeyPanelProps {
  readonly signingKey: SigningKeyInfo | null;
  onCreateSigningKey(): void;
  /** The key id field is different from this key's: offer to fill it in. */
  onUseKeyId?(kid: string): void;
  readonly busy: boolean;
}

export function PublicKeyPanel({ signingKey, onCreateSigningKey, onUseKeyId, busy }: PublicKeyPanelProps) {
  const [confirmReplace, setConfirmReplace] = useState(false);
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);

  if (signingKey === null) {
    return (
      <div className="nhsuk-inset-text" data-testid="signing-key-none">
        <span className="nhsuk-u-visually-hidden">Information: </span>
        <p>This computer has no signing key yet. Create one, then register its public key for this application on the NHS England API platform.</p>
        <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={busy} onClick={onCreateSigningKey}>Create signing key</button>
      </div>
    );
  }

  const text = jwksText(signingKey.jwk);
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <section className="nhsuk-card" aria-labelledby="signing-key-title" data-testid="signing-key">
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-card__heading nhsuk-heading-s" id="signing-key-title">This computer's signing key</h3>
        <dl className="nhsuk-summary-list">
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Key ID (kid)</dt>
            <dd className="nhsuk-summary-list__value"><code data-testid="signing-key-kid">{signingKey.kid}</code></dd>
          </div>
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Created</dt>
            <dd className="nhsuk-summary-list__value">{formatDateTime(signingKey.createdAt)}</dd>
          </div>
        </dl>
        {onUseKeyId !== undefined && (
          <p className="nhsuk-body">
            <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => onUseKeyId(signingKey.kid)}>Use this key ID</button>
          </p>
        )}
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="signing-key-jwks">Public key to register (JWKS)</label>
          <div className="nhsuk-hint" id="signing-key-jwks-hint">Only the public half: the private key cannot be read out of this browser, not even by this app.</div>
          <textarea className="nhsuk-textarea nhsuk-input--code" id="signing-key-jwks" rows={8} readOnly value={text} aria-describedby="signing-key-jwks-hint" spellCheck={false} />
        </div>
        <div className="nhsuk-button-group">
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void copy()}>Copy public key</button>
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => downloadText(`${signingKey.kid}.jwks.json`, text, 'application/json')}>
            Download public key
          </button>
          <button type="button" className="nhsuk-button nhsuk-button--warning" disabled={busy} onClick={() => setConfirmReplace(true)}>Replace signing key</button>
        </div>
        <p className="nhsuk-body" role="status">
          {copied === 'copied' && 'The public key was copied.'}
          {copied === 'failed' && 'The browser did not allow copying: select the text above and copy it.'}
        </p>
      </div>
      {confirmReplace && (
        <ConfirmDialog
          open
          title="Replace the signing key"
          message="A new key pair replaces this one for good. Sending stops working until the new public key is registered on the NHS England API platform. Do you wish to replace it?"
          confirmLabel="Yes, replace the key"
          onConfirm={() => {
            setConfirmReplace(false);
            onCreateSigningKey();
          }}
          onCancel={() => setConfirmReplace(false)}
        />
      )}
    </section>
  );
}
