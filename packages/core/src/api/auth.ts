/** Shapes of the sign-in and account APIs, shared by the server and the web app. */
import type { Role } from '../auth/permissions';

/** The signed-in user (`GET /api/auth/me`). */
export interface Me {
  /** null for the local command line acting through a running server. */
  id: number | null;
  username: string;
  displayName: string | null;
  role: Role;
  orgUnitCode: string;
  orgUnitName: string;
  /** Set by an administrator's reset: only the password change is allowed until it is done. */
  mustChangePassword: boolean;
}

/** A user in an administrator's list (`GET /api/users`). */
export interface UserView {
  id: number;
  username: string;
  displayName: string | null;
  role: Role;
  orgUnit: string;
  disabled: boolean;
  mustChangePassword: boolean;
  /** ISO instant. */
  createdAt: string;
}

/** A live session in an administrator's list (`GET /api/sessions`); the id is the token's SHA-256. */
export interface SessionView {
  id: string;
  userId: number;
  username: string;
  createdAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
}
