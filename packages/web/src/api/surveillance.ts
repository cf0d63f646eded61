/** Surveillance hooks: the signal board, one signal, triage steps, detection runs and case reports. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CaseRow,
  DetectionRun,
  DiseaseTable,
  SignalDetail,
  SignalRow,
  SignalStats,
  SignalTransition,
} from '@weijian/core';
import { todayIn } from '../format';
import { api, postJson } from './client';

export function useSignals() {
  return useQuery({ queryKey: ['signals'], queryFn: () => api<SignalRow[]>('/api/surveillance/signals') });
}

export function useSignal(id: number) {
  return useQuery({
    queryKey: ['signal', id],
    queryFn: () => api<SignalDetail>(`/api/surveillance/signals/${id}`),
  });
}

export function useSignalStats(date: string) {
  return useQuery({
    queryKey: ['signal-stats', date],
    queryFn: () => api<SignalStats>(`/api/surveillance/stats?date=${date}`),
  });
}

export function useRunDetection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (run: { date: string; alpha: number; fdr: number }) =>
      postJson<DetectionRun>('/api/surveillance/detect', run),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['signals'] });
      void qc.invalidateQueries({ queryKey: ['signal-stats'] });
    },
  });
}

export function useTransition(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (step: SignalTransition) =>
      postJson<{ ok: true }>(`/api/surveillance/signals/${id}/transition`, step),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['signal', id] });
      void qc.invalidateQueries({ queryKey: ['signals'] });
      void qc.invalidateQueries({ queryKey: ['signal-stats'] });
    },
  });
}

export function useCases(disease: string | undefined) {
  return useQuery({
    queryKey: ['cases', disease],
    queryFn: () =>
      api<CaseRow[]>(`/api/surveillance/cases${disease ? `?disease=${encodeURIComponent(disease)}` : ''}`),
  });
}

export function useDiseases(date: string) {
  return useQuery({
    queryKey: ['diseases', date],
    queryFn: () => api<DiseaseTable>(`/api/surveillance/diseases?date=${date}`),
  });
}

/** Today's date in the bureau's time zone, as the default "as of" date of the board. */
export function localToday(): string {
  return todayIn();
}
