// Settings: who the summaries come from (the author section), where the upload is sent and how
// it signs in. The form is presentational
// (src/ui/settings/); this container loads what is stored, sends what was typed to the engine
// (which validates it and changes nothing when anything is wrong), and keeps a session-only
// token in the tab's session storage.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { DEFAULT_SPINE_FORM_VALUES, settingsToFormValues, type FieldError, type SettingsFormValues } from '../../domain/settings/formValues';
import { useEngineBridge } from '../engine/EngineContext';
import { writeSessionToken } from '../session/sessionToken';
import { SettingsForm } from '../settings/SettingsForm';
import { AuthorSection } from '../settings/AuthorSection';
import { TestConnectionPanel } from '../settings/TestConnectionPanel';

const settingsKey = ['engine', 'sending-settings'] as const;

export function SettingsScreen() {
  const bridge = useEngineBridge();
  const client = useQueryClient();
  const view = useQuery({ queryKey: settingsKey, queryFn: () => bridge.call((api) => api.sendingSettings()) });
  // The user's edits; until the first one the form shows what is stored.
  const [edited, setValues] = useState<SettingsFormValues | null>(null);
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [notice, setNotice] = useState<string | null>(null);

  const stored = view.data ? settingsToFormValues(view.data.settings, DEFAULT_SPINE_FORM_VALUES) : null;
  const values = edited ?? stored;

  const save = useMutation({
    mutationFn: (form: SettingsFormValues) => bridge.call((api) => api.saveSendingSettings(form)),
    onSuccess: (result, form) => {
      if (!result.ok) {
        setErrors(result.errors);
        setNotice(null);
        return;
      }
      setErrors([]);
      const s = result.view.settings;
      const bearer = s.kind === 'spine' && s.auth.kind === 'bearer' ? s.auth : null;
      // Session only: the tab keeps the token so a reload does not lose it; remembered tokens
      // live in the database, and any other kind of sign-in needs none.
      if (bearer === null || bearer.remember) writeSessionToken(null);
      else if (form.bearerToken.trim() !== '') writeSessionToken(form.bearerToken.trim());
      client.setQueryData(settingsKey, result.view);
      setValues({ ...settingsToFormValues(s, form), bearerToken: '' });
      setNotice(s.kind === 'training' ? 'Settings saved. Messages go to the training Spine: nothing leaves this browser.' : `Settings saved. Messages go to ${s.baseUrl}/Bundle.`);
    },
  });
  const makeKey = useMutation({
    mutationFn: () => bridge.call((api) => api.createSigningKey()),
    onSuccess: (result) => {
      if (result.ok) {
        void client.invalidateQueries({ queryKey: settingsKey });
        setValues((v) => {
          const base = v ?? stored;
          return base === null ? base : { ...base, keyId: result.value.kid };
        });
        setNotice(`A new signing key was made (key ID ${result.value.kid}). Register its public key below with the API platform, then save.`);
      } else setNotice(`The signing key could not be made: ${result.error.message}`);
    },
  });

  return (
    <section aria-labelledby="settings-screen-title">
      <h1 id="settings-screen-title">Settings</h1>
      <AuthorSection />
      {notice && (
        <div className="nhsuk-inset-text" role="status" data-testid="settings-notice">
          <p>{notice}</p>
        </div>
      )}
      {view.isError && <p className="nhsuk-error-message">The settings could not be read: {view.error.message}</p>}
      {view.data && values && (
        <SettingsForm
          value={values}
          errors={errors}
          onChange={setValues}
          onSubmit={() => save.mutate(values)}
          signingKey={view.data.signingKey}
          onCreateSigningKey={() => makeKey.mutate()}
          haveBearerToken={view.data.haveBearerToken}
          busy={save.isPending || makeKey.isPending}
        />
      )}
      <TestConnectionPanel saved={view.data?.settings ?? null} />
    </section>
  );
}
