/** What the auth module offers: the signed-in user, the actor of a write, users and sessions. */
export {
  LOCAL_CLI_USER,
  SESSION_HOURS,
  authenticate,
  createUser,
  disableUsersOfSyntheticUnits,
  ensureFirstAdmin,
  hasUsers,
  login,
  logout,
  type SessionUser,
} from './service';
export { listUsers } from './admin';
