import request from 'supertest';
import type { TestUser } from './in-process-api.js';

/** Requests to a running api as one signed-in user. */
export class RestClient {
  private constructor(
    readonly url: string,
    readonly token: string,
  ) {}

  static async signIn(url: string, email: string, password: string): Promise<RestClient> {
    const response = await request(url).post('/api/v1/auth/login').send({ email, password });
    if (response.status !== 200) throw new Error(`sign-in of ${email} failed: ${response.status}`);
    return new RestClient(url, response.body.accessToken as string);
  }

  /** The same user against another api instance. */
  on(url: string): RestClient {
    return new RestClient(url, this.token);
  }

  get(path: string) {
    return request(this.url).get(path).set('Authorization', `Bearer ${this.token}`).redirects(0);
  }

  post(path: string, body: object = {}) {
    return request(this.url).post(path).set('Authorization', `Bearer ${this.token}`).send(body);
  }

  put(path: string, body: object) {
    return request(this.url).put(path).set('Authorization', `Bearer ${this.token}`).send(body);
  }

  patch(path: string, body: object) {
    return request(this.url).patch(path).set('Authorization', `Bearer ${this.token}`).send(body);
  }

  delete(path: string) {
    return request(this.url).delete(path).set('Authorization', `Bearer ${this.token}`);
  }
}

/** Signs the users in to the api at `url`; answers `as(user)`, the client of each of them. */
export async function signInAll(url: string, users: TestUser[]): Promise<(user: TestUser) => RestClient> {
  const clients = new Map(
    await Promise.all(
      users.map(async (user) => [user, await RestClient.signIn(url, user.email, user.password)] as const),
    ),
  );
  return (user) => {
    const client = clients.get(user);
    if (!client) throw new Error(`${user.email} was not signed in`);
    return client;
  };
}
