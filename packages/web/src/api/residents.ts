/**
 * Resident hooks: search, one person's record (with its purpose and, outside the caller's reach,
 * a break-the-glass reason), the health record, programmes, rule sets, the worklist, saves, and
 * the admin queues. Every read of a person is logged by the server with the purpose sent here.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  EventCorrection,
  EventVoid,
  HealthRecordView,
  MatchCandidateView,
  MatchDecisionInput,
  ProgrammeEventInput,
  ProgrammeRuleSetView,
  ProgrammeSaveResult,
  ProgrammeTimeline,
  RecordReadView,
  ResidentSummary,
  ResidentView,
  Worklist,
} from '@weijian/core';
import { ApiError, api, postJson } from './client';

/** Why a record is opened; sent as `purpose` and kept in the read log. */
export const READ_PURPOSES = ['care', 'follow_up', 'contract', 'quality_review'] as const;
export type ReadPurpose = (typeof READ_PURPOSES)[number];

/** How a person's record is opened: the purpose, and a break-the-glass reason when one was stated. */
export interface Access {
  purpose: string;
  breakGlass?: string | null;
}

function accessInit(a: Access): RequestInit {
  return a.breakGlass ? { headers: { 'X-Break-Glass-Reason': encodeURIComponent(a.breakGlass) } } : {};
}

const q = (a: Access) => `purpose=${encodeURIComponent(a.purpose)}`;

/** A refusal the caller may overcome by stating a reason (outside scope and teams). */
export function needsBreakGlass(e: unknown): boolean {
  return e instanceof ApiError && e.status === 403;
}

export function useResidentSearch(text: string, birthDate: string | undefined) {
  return useQuery({
    queryKey: ['resident-search', text, birthDate],
    enabled: text.trim() !== '',
    queryFn: () =>
      api<{ residents: ResidentSummary[]; truncated: boolean }>(
        `/api/residents?q=${encodeURIComponent(text.trim())}${birthDate ? `&birthDate=${birthDate}` : ''}`
      ),
  });
}

export function useResident(id: number, access: Access | null) {
  return useQuery({
    queryKey: ['resident', id, access],
    enabled: access !== null,
    retry: false,
    queryFn: () =>
      api<ResidentView>(
        `/api/residents/${id}?${q(access ?? { purpose: 'care' })}`,
        accessInit(access ?? { purpose: 'care' })
      ),
  });
}

/** The health record, or null when none has been opened. */
export function useHealthRecord(id: number, access: Access | null, enabled: boolean) {
  return useQuery({
    queryKey: ['health-record', id, access],
    enabled: access !== null && enabled,
    retry: false,
    queryFn: async () => {
      try {
        return await api<HealthRecordView>(
          `/api/residents/${id}/health-record?${q(access ?? { purpose: 'care' })}`,
          accessInit(access ?? { purpose: 'care' })
        );
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
  });
}

export function useProgrammes(id: number, access: Access | null, enabled: boolean) {
  return useQuery({
    queryKey: ['resident-programmes', id, access],
    enabled: access !== null && enabled,
    retry: false,
    queryFn: () =>
      api<ProgrammeTimeline[]>(
        `/api/residents/${id}/programmes?${q(access ?? { purpose: 'care' })}`,
        accessInit(access ?? { purpose: 'care' })
      ),
  });
}

/** The rule sets in force for a home unit's region on a day (event types, fields, end reasons). */
export function useRuleSets(unit: string | undefined, date: string) {
  return useQuery({
    queryKey: ['rule-sets', unit, date],
    enabled: unit !== undefined,
    staleTime: Infinity,
    queryFn: () =>
      api<ProgrammeRuleSetView[]>(
        `/api/programmes/rule-sets?unit=${encodeURIComponent(unit ?? '')}&date=${date}`
      ),
  });
}

export interface WorklistFilter {
  unit?: string | undefined;
  programme?: string | undefined;
  overdueOnly: boolean;
  page: number;
  pageSize: number;
}

export function useWorklist(f: WorklistFilter) {
  const params = new URLSearchParams();
  if (f.unit) params.set('unit', f.unit);
  if (f.programme) params.set('programme', f.programme);
  if (f.overdueOnly) params.set('overdueOnly', 'true');
  params.set('limit', String(f.pageSize));
  params.set('offset', String((f.page - 1) * f.pageSize));
  return useQuery({
    queryKey: ['worklist', params.toString()],
    placeholderData: keepPreviousData,
    queryFn: () => api<Worklist>(`/api/worklist?${params.toString()}`),
  });
}

function invalidateResident(qc: ReturnType<typeof useQueryClient>, id: number): void {
  void qc.invalidateQueries({ queryKey: ['resident-programmes', id] });
  void qc.invalidateQueries({ queryKey: ['worklist'] });
}

export function useRecordEvent(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (e: ProgrammeEventInput) => postJson<ProgrammeSaveResult>(`/api/residents/${id}/events`, e),
    onSuccess: () => invalidateResident(qc, id),
  });
}

export function useCorrectEvent(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ eventId, body }: { eventId: number; body: EventCorrection }) =>
      api<ProgrammeSaveResult>(`/api/residents/${id}/events/${eventId}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    onSuccess: () => invalidateResident(qc, id),
  });
}

export function useVoidEvent(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ eventId, body }: { eventId: number; body: EventVoid }) =>
      api<ProgrammeSaveResult>(`/api/residents/${id}/events/${eventId}`, {
        method: 'DELETE',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    onSuccess: () => invalidateResident(qc, id),
  });
}

export function useDuplicateQueue() {
  return useQuery({
    queryKey: ['resident-duplicates'],
    queryFn: () => api<MatchCandidateView[]>('/api/resident-duplicates'),
  });
}

export function useDecideDuplicate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: MatchDecisionInput }) =>
      postJson<unknown>(`/api/resident-duplicates/${id}/decide`, body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['resident-duplicates'] }),
  });
}

export function useReadsToReview() {
  return useQuery({
    queryKey: ['record-reads'],
    queryFn: () => api<RecordReadView[]>('/api/record-reads/review'),
  });
}

export function useReviewRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      finding,
      note,
    }: {
      id: number;
      finding: 'justified' | 'unjustified';
      note?: string;
    }) => postJson<unknown>(`/api/record-reads/${id}/review`, note ? { finding, note } : { finding }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['record-reads'] }),
  });
}
