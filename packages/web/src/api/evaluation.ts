/** Evaluation hook: every row of a plan for a year. */
import { useQuery } from '@tanstack/react-query';
import type { Bilingual, RowStatus } from '@weijian/core';
import { api } from './client';

export interface RowResult {
  key: string;
  name: string;
  category: string | null;
  indicator: string | null;
  unit: string | null;
  attribute: 'expected' | 'binding' | null;
  target: { raw: string; year: number; level: string } | null;
  baseline: { year: number; value: number } | null;
  status: RowStatus;
  statusName: Bilingual;
  actual: number | null;
  actualSource: 'plan' | 'data' | null;
  synthetic: boolean;
  expected: number | null;
  progress: number | null;
  method: string;
  threshold: number;
  reason: Bilingual;
  statusAsWritten: string | null;
  discrepancy: Bilingual | null;
  owners: string[];
}

export interface PlanEvaluation {
  year: number;
  counts: Record<RowStatus, number>;
  rows: RowResult[];
}

export function useEvaluation(planId: string, year: number) {
  return useQuery({
    queryKey: ['evaluation', planId, year],
    queryFn: () => api<PlanEvaluation>(`/api/plans/${encodeURIComponent(planId)}/evaluation?year=${year}`),
  });
}
