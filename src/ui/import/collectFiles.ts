// Collects the Files a user picked or dropped, with their paths inside a dropped or picked
// folder as names (the import reports problems by these names). Folders are walked with the
// File System Entries API (DataTransferItem.webkitGetAsEntry), which Chrome and Edge support;
// hidden files (a name starting with ".") are left out.

export interface PickedFile {
  /** The file's name, or its path inside the folder it came in ("extract/Patient.ndjson"). */
  readonly name: string;
  readonly file: File;
}

const visible = (name: string): boolean => !name.startsWith('.');

/** A file input's files (a folder input sets webkitRelativePath). */
export function filesFromInput(list: FileList | null): PickedFile[] {
  return Array.from(list ?? [])
    .filter((f) => visible(f.name))
    .map((file) => ({ name: file.webkitRelativePath || file.name, file }));
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** Every entry of a directory: readEntries returns them in batches until an empty one. */
async function entriesOf(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

const isFile = (e: FileSystemEntry): e is FileSystemFileEntry => e.isFile;
const isDirectory = (e: FileSystemEntry): e is FileSystemDirectoryEntry => e.isDirectory;

async function walk(entry: FileSystemEntry, prefix: string, out: PickedFile[]): Promise<void> {
  if (!visible(entry.name)) return;
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (isFile(entry)) out.push({ name: path, file: await fileOf(entry) });
  else if (isDirectory(entry)) for (const child of await entriesOf(entry)) await walk(child, path, out);
}

/**
 * The files of a drop: dropped files as they are, dropped folders walked. The entries must be
 * taken synchronously inside the drop event (the DataTransfer is emptied once it returns), so
 * call this from the handler itself and await the result afterwards.
 */
export function filesFromDrop(data: DataTransfer): Promise<PickedFile[]> {
  const entries: FileSystemEntry[] = [];
  const loose: File[] = [];
  for (const item of Array.from(data.items)) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry();
    if (entry) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file) loose.push(file);
    }
  }
  return (async () => {
    const out: PickedFile[] = loose.filter((f) => visible(f.name)).map((file) => ({ name: file.name, file }));
    for (const entry of entries) await walk(entry, '', out);
    return out;
  })();
}
