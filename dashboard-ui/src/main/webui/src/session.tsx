// Who is logged in and what their role lets them do. The page only disables what the role may not do;
// migration-api decides every call (403 otherwise).
import { createContext, useContext } from 'react';
import type { Role, Session } from './api';

/** Until /ui-session.json answers: nothing may be changed. */
export const LOADING: Session = { authMode: 'none', user: null, roles: [], logoutPath: null };

export const SessionContext = createContext<Session>(LOADING);
export const useSession = () => useContext(SessionContext);

/** The highest role wins: an admin may do what an operator may, an operator what a viewer may. */
export function may(s: Session, role: Role): boolean {
  const rank: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };
  return s.roles.some(r => rank[r] >= rank[role]);
}

/** "viewer", the highest role the user has (what the header shows). */
export function highestRole(s: Session): Role | null {
  return (['admin', 'operator', 'viewer'] as Role[]).find(r => s.roles.includes(r)) ?? null;
}

/** Why a control is disabled for this user, for its tooltip; null when the role allows it. */
export function notAllowed(s: Session, role: Role): string | null {
  if (may(s, role)) return null;
  return `Needs the ${role} role (you are ${highestRole(s) ?? 'without a Traverse role'})`;
}
