// The Settings screen's author section: loads what is stored, sends what was typed to the engine
// (which validates it and stores nothing when anything is wrong), and says what is still missing.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AuthorFieldError, AuthorFormValues } from '../../domain/author/authorForm';
import { useEngineBridge } from '../engine/EngineContext';
import { AuthorForm } from './AuthorForm';

const authorKey = ['engine', 'author'] as const;

const SOURCE_TEXT = {
  demo: 'These are the demo practice’s made-up details, for training.',
  imported: 'The practice’s details came from the imported extract.',
  entered: null,
} as const;

export function AuthorSection() {
  const bridge = useEngineBridge();
  const client = useQueryClient();
  const view = useQuery({ queryKey: authorKey, queryFn: () => bridge.call((api) => api.author()) });
  // The user's edits; until the first one the form shows what is stored.
  const [edited, setValues] = useState<AuthorFormValues | null>(null);
  const [errors, setErrors] = useState<readonly AuthorFieldError[]>([]);
  const [notice, setNotice] = useState<string | null>(null);

  const values = edited ?? view.data?.values ?? null;

  const save = useMutation({
    mutationFn: (form: AuthorFormValues) => bridge.call((api) => api.saveAuthor(form)),
    onSuccess: (result) => {
      if (!result.ok) {
        setErrors(result.errors);
        setNotice(null);
        return;
      }
      setErrors([]);
      client.setQueryData(authorKey, result.view);
      setValues(result.view.values);
      setNotice('Author saved. Summaries built from now on name this practice and clinician.');
    },
  });

  const data = view.data;
  const sourceText = data?.source ? SOURCE_TEXT[data.source] : null;
  return (
    <section aria-labelledby="author-title" data-testid="author-section">
      {notice && (
        <div className="nhsuk-inset-text" role="status" data-testid="author-notice">
          <p>{notice}</p>
        </div>
      )}
      {view.isError && <p className="nhsuk-error-message">The author could not be read: {view.error.message}</p>}
      {data && data.missing.length > 0 && (
        <div className="nhsuk-warning-callout" data-testid="author-missing">
          <h3 className="nhsuk-warning-callout__label">
            <span className="nhsuk-u-visually-hidden">Important: </span>Nothing can be sent yet
          </h3>
          <p>Enter {data.missing.join(', ')}.</p>
        </div>
      )}
      {sourceText && <p className="nhsuk-body-s">{sourceText}</p>}
      {data && values && <AuthorForm value={values} errors={errors} jobRoles={data.jobRoles} onChange={setValues} onSubmit={() => save.mutate(values)} busy={save.isPending} />}
    </section>
  );
}
