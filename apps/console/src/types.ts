export interface CurrentUser {
  id: string;
  tenantId: string;
  role: string;
  name: string;
  email?: string;
  /** The name of the user's tenant (older apis answered without it). */
  tenantName?: string;
}

/** Supervisors and admins see the supervisor tools (detach, move, undo, audit). */
export const isSupervisor = (user: Pick<CurrentUser, 'role'>): boolean =>
  user.role === 'supervisor' || user.role === 'admin';

export interface LoginResponse {
  accessToken: string;
  user: CurrentUser;
}

/** An RFC 9457 problem document as the api answers it. */
export interface Problem {
  status: number;
  code: string;
  title: string;
  detail?: string;
}
