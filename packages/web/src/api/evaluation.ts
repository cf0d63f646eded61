/** Evaluation hook: every row of a plan for a year. */
import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { PlanEvaluation } from '@weijian/core';
export type { PlanEvaluation, RowResult } from '@weijian/core';

export function useEvaluation(planId: string, year: number) {
  return useQuery({
    queryKey: ['evaluation', planId, year],
    queryFn: () => api<PlanEvaluation>(`/api/plans/${encodeURIComponent(planId)}/evaluation?year=${year}`),
  });
}
