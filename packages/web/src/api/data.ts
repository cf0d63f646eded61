/** Data hooks: data sets, the entry form, saving cells, imports, analytics and explanations. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AnalyticsResponse,
  DataSet,
  EntryForm,
  ErrorIssue,
  Explanation,
  JobView,
  OrgUnitView,
  WriteResult,
} from '@weijian/core';
import { api, ApiError, postJson } from './client';
export type {
  AnalyticsResponse,
  AnalyticsRow,
  EntryForm,
  Explanation,
  FormValue,
  RuleFailure,
  WriteResult,
} from '@weijian/core';

export function useDataSets() {
  return useQuery({
    queryKey: ['dataSets'],
    queryFn: () => api<DataSet[]>('/api/dataSets'),
    staleTime: Infinity,
  });
}

export function useOrgUnits() {
  return useQuery({
    queryKey: ['orgunits'],
    queryFn: () => api<OrgUnitView[]>('/api/orgunits'),
    staleTime: 60_000,
  });
}

export function useEntryForm(dataSet: string | undefined, ou: string | undefined, pe: string | undefined) {
  return useQuery({
    queryKey: ['form', dataSet, ou, pe],
    enabled: Boolean(dataSet && ou && pe),
    queryFn: () =>
      api<EntryForm>(
        `/api/dataSets/${dataSet ?? ''}/form?ou=${encodeURIComponent(ou ?? '')}&pe=${encodeURIComponent(pe ?? '')}`
      ),
  });
}

export function useSaveValue() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { dataElement: string; orgUnit: string; period: string; value: string | null }) =>
      postJson<WriteResult>('/api/dataValues', { dataValues: [v] }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['analytics'] });
    },
  });
}

/** How far an import job has got: rows done of the file's rows, and the seconds left when known. */
export interface ImportProgress {
  done: number;
  total: number | null;
  remainingSeconds: number | null;
}

/**
 * Import (or check) a spreadsheet as a job on the server and follow it, so a large file shows rows
 * done and the time left; resolves with the write result or throws the job's error as an ApiError.
 */
export function useImportValues(onProgress: (p: ImportProgress | null) => void = () => undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (f: { file: File; dryRun: boolean; source: string }) => {
      const form = new FormData();
      form.set('file', f.file);
      const started = await api<{ jobId: number; rows: number }>(
        `/api/dataValues/import?async=true&dryRun=${String(f.dryRun)}&source=${f.source}`,
        { method: 'POST', body: form }
      );
      onProgress({ done: 0, total: started.rows, remainingSeconds: null });
      try {
        for (;;) {
          const job = await api<JobView>(`/api/jobs/${String(started.jobId)}`);
          onProgress({ done: job.done, total: job.total, remainingSeconds: job.remainingSeconds });
          if (job.status === 'succeeded') return job.result as unknown as WriteResult;
          if (job.status === 'failed') {
            const e = job.error ?? { code: 'INTERNAL', message: { zh: '任务出错', en: 'The job failed' } };
            throw new ApiError(422, e.code, e.message, (e.issues ?? []) as ErrorIssue[]);
          }
          await new Promise((r) => setTimeout(r, 400));
        }
      } finally {
        onProgress(null);
      }
    },
    onSuccess: (r) => {
      if (!r.dryRun) void qc.invalidateQueries({ queryKey: ['analytics'] });
    },
  });
}

export function useAnalytics(dx: string[], pe: string[], ou: string[]) {
  const q = `dx=${dx.join(';')}&pe=${pe.join(';')}&ou=${ou.map(encodeURIComponent).join(';')}&includeNumDen=true`;
  return useQuery({
    queryKey: ['analytics', q],
    enabled: dx.length > 0 && pe.length > 0 && ou.length > 0,
    queryFn: () => api<AnalyticsResponse>(`/api/analytics?${q}`),
  });
}

export function useExplain(cell: { dx: string; pe: string; ou: string } | null) {
  return useQuery({
    queryKey: ['explain', cell],
    enabled: cell !== null,
    queryFn: () =>
      api<Explanation>(
        `/api/analytics/explain?dx=${cell?.dx ?? ''}&pe=${cell?.pe ?? ''}&ou=${encodeURIComponent(cell?.ou ?? '')}`
      ),
  });
}
