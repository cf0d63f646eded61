/** Shapes of the notifications API (the in-app inbox and each user's choices), shared by server and web. */

/** What a notification is about: a new outbreak signal, a report overdue, reports waiting for approval. */
export const NOTIFICATION_KINDS = ['signal', 'overdue', 'approval'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** One notification in a user's inbox. */
export interface NotificationView {
  id: number;
  kind: NotificationKind;
  title: { zh: string; en: string };
  /** Where in the app it leads (a path). */
  link: string;
  /** Built on synthetic (demo) data. */
  synthetic: boolean;
  /** ISO instants. */
  createdAt: string;
  readAt: string | null;
}

/** `GET /api/notifications`: the newest notifications and how many are unread. */
export interface InboxView {
  unread: number;
  items: NotificationView[];
}

/** `GET|POST /api/notifications/preferences`: which kinds the user receives. */
export type NotificationPreferences = Record<NotificationKind, boolean>;
