// Choosing the extract: a drop zone for files or a folder, a file picker (several files) and a
// folder picker. Presentational: what to do with the files is the caller's (`onFiles`).

import { useId, useState, type DragEvent } from 'react';
import { filesFromDrop, filesFromInput, type PickedFile } from './collectFiles';

export interface ImportFilePickerProps {
  readonly onFiles: (files: readonly PickedFile[]) => void;
  /** Why importing is not possible now (a run in progress, another job), or null. */
  readonly refusal: string | null;
}

export function ImportFilePicker({ onFiles, refusal }: ImportFilePickerProps) {
  const [over, setOver] = useState(false);
  const filesId = useId();
  const folderId = useId();
  const hintId = useId();
  const disabled = refusal !== null;

  const pick = (files: readonly PickedFile[]) => {
    if (files.length > 0) onFiles(files);
  };
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    if (disabled) return;
    // Taken inside the handler: the DataTransfer is emptied once it returns.
    void filesFromDrop(e.dataTransfer).then(pick);
  };

  return (
    <div className="app-import-picker">
      {/* eslint-disable-next-line jsx-a11y/no-static-element-interactions -- dropping files is a pointer-only shortcut; the two file inputs below do the same by keyboard and are what assistive technology is offered */}
      <div
        className={`app-drop-zone${over ? ' app-drop-zone--over' : ''}${disabled ? ' app-drop-zone--disabled' : ''}`}
        data-testid="import-drop-zone"
        // Visible without the app's stylesheet knowing the component; app-drop-zone* can refine it.
        style={{ border: `2px dashed ${over ? '#005eb8' : '#768692'}`, background: over ? '#e8edee' : undefined, padding: '24px', marginBottom: '16px', opacity: disabled ? 0.6 : 1 }}
        aria-describedby={hintId}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
          setOver(!disabled);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p className="nhsuk-body nhsuk-u-margin-bottom-2">Drop the extract files, or the folder that holds them, here.</p>
        <p className="nhsuk-hint" id={hintId}>
          FHIR R4 NDJSON, one file per resource type (as a bulk-data export writes them), or one FHIR Bundle (.json).
        </p>
      </div>
      {refusal && (
        <div className="nhsuk-error-message" role="alert">
          <span className="nhsuk-u-visually-hidden">Error:</span> {refusal}
        </div>
      )}
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor={filesId}>Choose files</label>
        <input
          className="nhsuk-file-upload"
          id={filesId}
          type="file"
          multiple
          accept=".ndjson,.jsonl,.json,application/fhir+ndjson,application/fhir+json,application/json"
          disabled={disabled}
          data-testid="import-files-input"
          onChange={(e) => {
            pick(filesFromInput(e.currentTarget.files));
            e.currentTarget.value = '';
          }}
        />
      </div>
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor={folderId}>Or choose a folder</label>
        <input
          className="nhsuk-file-upload"
          id={folderId}
          type="file"
          // React passes unknown lower-case attributes through: Chrome and Edge pick a folder.
          {...{ webkitdirectory: '' }}
          disabled={disabled}
          data-testid="import-folder-input"
          onChange={(e) => {
            pick(filesFromInput(e.currentTarget.files));
            e.currentTarget.value = '';
          }}
        />
      </div>
    </div>
  );
}
