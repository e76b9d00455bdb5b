import request from 'supertest';

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

  patch(path: string, body: object) {
    return request(this.url).patch(path).set('Authorization', `Bearer ${this.token}`).send(body);
  }
}
