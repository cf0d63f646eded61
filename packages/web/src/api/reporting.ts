/** Reporting hooks: completeness and timeliness of a data set, submitting and withdrawing a report. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CompletenessReport, CompletenessTrendPoint, SubmissionView } from '@weijian/core';
import { api, postJson } from './client';
export type {
  CompletenessReport,
  CompletenessRow,
  CompletenessTrendPoint,
  ExpectedReport,
} from '@weijian/core';

const enc = encodeURIComponent;

/** The query string of one data set × unit × period. */
export function completenessQuery(dataSet: string, ou: string, pe: string): string {
  return `dataSet=${enc(dataSet)}&ou=${enc(ou)}&pe=${enc(pe)}`;
}

export function useCompleteness(dataSet: string | undefined, ou: string | undefined, pe: string | undefined) {
  return useQuery({
    queryKey: ['completeness', dataSet, ou, pe],
    enabled: Boolean(dataSet && ou && pe),
    queryFn: () =>
      api<CompletenessReport>(`/api/completeness?${completenessQuery(dataSet ?? '', ou ?? '', pe ?? '')}`),
  });
}

export function useCompletenessByPeriod(dataSet: string | undefined, ou: string | undefined, year: number) {
  return useQuery({
    queryKey: ['completeness-periods', dataSet, ou, year],
    enabled: Boolean(dataSet && ou),
    queryFn: () =>
      api<CompletenessTrendPoint[]>(
        `/api/completeness/periods?dataSet=${enc(dataSet ?? '')}&ou=${enc(ou ?? '')}&year=${String(year)}`
      ),
  });
}

/** Submit a report; refreshes every completeness figure. */
export function useSubmitReport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (k: { dataSet: string; orgUnit: string; period: string }) =>
      postJson<SubmissionView>('/api/submissions', k),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['completeness'] });
      void qc.invalidateQueries({ queryKey: ['completeness-periods'] });
    },
  });
}

/** Withdraw a submission with a reason. */
export function useWithdrawReport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (k: { dataSet: string; orgUnit: string; period: string; reason: string }) =>
      postJson<{ ok: boolean }>('/api/submissions/withdraw', k),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['completeness'] });
      void qc.invalidateQueries({ queryKey: ['completeness-periods'] });
    },
  });
}
