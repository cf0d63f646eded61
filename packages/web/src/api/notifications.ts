/** Notification hooks: the caller's inbox (polled for the bell), marking read, the caller's choices. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InboxView, NotificationPreferences } from '@weijian/core';
import { api, postJson } from './client';
export type { InboxView, NotificationPreferences, NotificationView } from '@weijian/core';

/** The inbox, refreshed every minute so the bell's count follows new notices. */
export function useInbox() {
  return useQuery({
    queryKey: ['notifications'],
    queryFn: () => api<InboxView>('/api/notifications'),
    refetchInterval: 60_000,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (ids?: number[]) =>
      postJson<{ changed: number }>('/api/notifications/read', ids ? { ids } : {}),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['notifications'] });
    },
  });
}

export function usePreferences() {
  return useQuery({
    queryKey: ['notification-preferences'],
    queryFn: () => api<NotificationPreferences>('/api/notifications/preferences'),
  });
}

export function useSetPreferences() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (p: Partial<NotificationPreferences>) =>
      postJson<NotificationPreferences>('/api/notifications/preferences', p),
    onSuccess: (p) => {
      qc.setQueryData(['notification-preferences'], p);
      void qc.invalidateQueries({ queryKey: ['notifications'] });
    },
  });
}
