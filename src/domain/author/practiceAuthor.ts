// What the stored author becomes when new practice data arrives. Pure.
//   - The demo practice comes with its made-up author, so training works out of the box; an
//     author the user entered is theirs and is kept.
//   - An import fills the organisation from the extract's Organization (address and telephone
//     where the extract has them). The clinician the user entered is kept only for the same
//     practice (same ODS code); otherwise it must be entered, and sending says so until it is.

import type { AuthorDraft, AuthorSettings } from '../../shared/authorSettings';
import type { MappedOrganization } from '../extract/mapOrganization';
import { demoAuthor } from './demoAuthor';

export type StoredAuthor = AuthorSettings | AuthorDraft;

export function authorAfterDemoLoad(current: StoredAuthor | null, practice: { readonly name: string; readonly odsCode: string }): StoredAuthor {
  return current !== null && current.source === 'entered' ? current : demoAuthor(practice);
}

export function authorAfterImport(current: StoredAuthor | null, organisation: MappedOrganization): StoredAuthor {
  const samePractice = current !== null && current.source === 'entered' && current.organisation.odsCode === organisation.odsCode;
  const kept = samePractice ? current.organisation : {};
  const draft: AuthorDraft = {
    organisation: {
      odsCode: organisation.odsCode,
      name: organisation.name,
      ...(organisation.address !== undefined ? { address: organisation.address } : kept.address !== undefined ? { address: kept.address } : {}),
      ...(organisation.telephone !== undefined ? { telephone: organisation.telephone } : kept.telephone !== undefined ? { telephone: kept.telephone } : {}),
    },
    clinician: samePractice ? current.clinician : null,
    source: 'imported',
  };
  return draft;
}
