export interface CurrentUser {
  id: string;
  tenantId: string;
  role: string;
  name: string;
  email?: string;
}

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
