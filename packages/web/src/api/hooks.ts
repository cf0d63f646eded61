/** Data hooks over the API (TanStack Query). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Catalogue, ImportResult, Me, PlanDetail, PlanImportFields, PlanSummary } from '@weijian/core';
import { ApiError, api, postJson } from './client';

export type { Me } from '@weijian/core';

/** The signed-in user, or null when signed out. */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return await api<Me>('/api/auth/me');
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
  });
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { username: string; password: string }) =>
      postJson<{ ok: boolean }>('/api/auth/login', v),
    onSuccess: () => qc.invalidateQueries(),
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => postJson<{ ok: boolean }>('/api/auth/logout', {}),
    onSuccess: () => {
      qc.clear();
      void qc.invalidateQueries({ queryKey: ['me'] });
    },
  });
}

export function usePlans() {
  return useQuery({ queryKey: ['plans'], queryFn: () => api<PlanSummary[]>('/api/plans') });
}

export function usePlan(id: string) {
  return useQuery({
    queryKey: ['plan', id],
    queryFn: () => api<PlanDetail>(`/api/plans/${encodeURIComponent(id)}`),
  });
}

export function useCatalogue() {
  return useQuery({
    queryKey: ['catalogue'],
    queryFn: () => api<Catalogue>('/api/catalogue'),
    staleTime: Infinity,
  });
}

/** The plan-import form: the fields the server checks (planImportFieldsSchema), the file, and whether to only check. */
export interface ImportForm extends PlanImportFields {
  file: File;
  dryRun: boolean;
}

export function useImportPlan() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (f: ImportForm) => {
      const form = new FormData();
      form.set('id', f.id);
      form.set('region', f.region);
      form.set('period', f.period);
      form.set('baseYear', String(f.baseYear));
      form.set('title', f.title);
      form.set('file', f.file);
      return api<ImportResult>(`/api/plans/import?dryRun=${String(f.dryRun)}`, {
        method: 'POST',
        body: form,
      });
    },
    onSuccess: (r) => {
      if (!r.dryRun) void qc.invalidateQueries({ queryKey: ['plans'] });
    },
  });
}
