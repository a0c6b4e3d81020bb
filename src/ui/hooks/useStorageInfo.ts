// Persistent storage and quota. Without persistence the browser may evict the practice data
// and the queue under storage pressure, so the app asks for it and shows the answer.

import { useQuery, useQueryClient, useMutation } from '@tanstack/react-query';

export interface StorageInfo {
  /** null when the browser has no Storage API (very old browsers). */
  readonly persisted: boolean | null;
  readonly usageBytes: number | null;
  readonly quotaBytes: number | null;
}

const key = ['storage'] as const;

async function readStorageInfo(): Promise<StorageInfo> {
  const storage = navigator.storage as StorageManager | undefined;
  if (!storage) return { persisted: null, usageBytes: null, quotaBytes: null };
  const [persisted, estimate] = await Promise.all([storage.persisted(), storage.estimate()]);
  return { persisted, usageBytes: estimate.usage ?? null, quotaBytes: estimate.quota ?? null };
}

export function useStorageInfo() {
  return useQuery({ queryKey: key, queryFn: readStorageInfo, networkMode: 'always', staleTime: 5_000, refetchInterval: 30_000 });
}

/** Asks the browser to keep this site's data; resolves to the browser's answer. */
export function useRequestPersistence() {
  const client = useQueryClient();
  return useMutation({
    networkMode: 'always',
    mutationFn: async () => (navigator.storage ? navigator.storage.persist() : false),
    onSettled: () => client.invalidateQueries({ queryKey: key }),
  });
}
