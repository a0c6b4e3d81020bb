// The Settings screen's author section, worker side: what is stored (as form values, with what is
// still missing) and validate-and-save. Nothing stored changes when anything is wrong.

import type { ScrDatabase } from '../db/database';
import { authorToFormValues, type AuthorFieldError, type AuthorFormValues } from '../domain/author/authorForm';
import { SDS_JOB_ROLES } from '../domain/author/jobRoles';
import { missingAuthor, validateAuthorForm } from '../domain/author/validateAuthor';
import { authorShape, type AuthorSettings, type JobRole } from '../shared/authorSettings';
import { loadAuthor, saveAuthor } from './authorStore';

export interface AuthorView {
  readonly values: AuthorFormValues;
  /** Where the stored author came from; null when none is stored. */
  readonly source: AuthorSettings['source'] | null;
  /** What is still to be entered before anything can be sent (empty when complete). */
  readonly missing: readonly string[];
  /** The job roles to choose from, in order. */
  readonly jobRoles: readonly JobRole[];
}

export type SaveAuthorResult = { readonly ok: true; readonly view: AuthorView } | { readonly ok: false; readonly errors: readonly AuthorFieldError[] };

/** The author in words for the log. */
export function describeAuthor(author: AuthorSettings): string {
  const c = author.clinician;
  const who = `${c.name}, ${c.jobRole.display} (${c.jobRole.code})${authorShape(author) === 'sds-user' ? `, SDS user ${c.sds?.userId ?? ''} in role profile ${c.sds?.roleProfileId ?? ''}` : ''}`;
  return `${who}, for ${author.organisation.name} (${author.organisation.odsCode})`;
}

export class AuthorService {
  constructor(
    private readonly db: ScrDatabase,
    private readonly log: (text: string) => Promise<void>,
  ) {}

  async view(): Promise<AuthorView> {
    const author = await loadAuthor(this.db);
    return { values: authorToFormValues(author), source: author?.source ?? null, missing: missingAuthor(author), jobRoles: SDS_JOB_ROLES };
  }

  async save(values: AuthorFormValues): Promise<SaveAuthorResult> {
    const checked = validateAuthorForm(values);
    if (!checked.ok) return checked;
    await saveAuthor(this.db, checked.author);
    await this.log(`Summary author saved: ${describeAuthor(checked.author)}.`);
    return { ok: true, view: await this.view() };
  }
}
