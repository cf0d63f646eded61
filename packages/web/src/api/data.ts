/** Data hooks: data sets, the entry form, saving cells, imports, analytics and explanations. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AnalyticsResponse,
  DataSet,
  EntryForm,
  Explanation,
  OrgUnitView,
  WriteResult,
} from '@weijian/core';
import { api, postJson } from './client';
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

export function useImportValues() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (f: { file: File; dryRun: boolean; source: string }) => {
      const form = new FormData();
      form.set('file', f.file);
      return api<WriteResult>(`/api/dataValues/import?dryRun=${String(f.dryRun)}&source=${f.source}`, {
        method: 'POST',
        body: form,
      });
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
