/** What the notifications module offers: bringing inboxes up to date (for a scheduled sweep). */
export { refreshInbox, sweepNotifications } from './service';
