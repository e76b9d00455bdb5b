import { Types } from 'mongoose';
import { CustomerRepository } from '@app/persistence';
import { RealtimeEmitter } from '@app/realtime';
import {
  createTenantWithUsers,
  RecordingConsole,
  signInAll,
  startApiInProcess,
  type InProcessApi,
  type TestUser,
} from '@app/testing';

let api: InProcessApi;
let acme: Record<'admin' | 'supervisor' | 'agent', TestUser>;
let globex: Record<'admin' | 'supervisor' | 'agent', TestUser>;
let acmeConsole: RecordingConsole;
let acmeCustomer: string;
let globexCustomer: string;

async function seedCustomer(tenantId: string): Promise<string> {
  const id = new Types.ObjectId();
  await api.app.get(CustomerRepository).recordActivity(tenantId, id, new Date());
  return id.toHexString();
}

beforeAll(async () => {
  api = await startApiInProcess();
  acme = await createTenantWithUsers(api.app, 'Acmewatch');
  globex = await createTenantWithUsers(api.app, 'Globexwatch');
  const as = await signInAll(api.url, [acme.agent]);
  acmeConsole = await RecordingConsole.connect(api.url, as(acme.agent).token);
  acmeCustomer = await seedCustomer(acme.agent.tenantId);
  globexCustomer = await seedCustomer(globex.agent.tenantId);
});

afterAll(async () => {
  acmeConsole?.close();
  await api?.close();
});

describe('customer rooms', () => {
  it('lets a console watch a customer of its own tenant only', async () => {
    const watch = (customerId: unknown) => acmeConsole.socket.emitWithAck('customer.watch', customerId as string);
    expect(await watch(acmeCustomer)).toEqual({ ok: true });
    expect(await watch(globexCustomer)).toEqual({ ok: false, code: 'not_found' });
    expect(await watch('not-an-id')).toEqual({ ok: false, code: 'not_found' });
    expect(await watch(42)).toEqual({ ok: false, code: 'invalid_request' });
    expect(await acmeConsole.socket.emitWithAck('customer.unwatch', acmeCustomer)).toEqual({ ok: true });
  });

  it('delivers an event to a console in both its tenant’s and the customer’s room once', async () => {
    expect(await acmeConsole.socket.emitWithAck('customer.watch', acmeCustomer)).toEqual({ ok: true });
    const emitter = api.app.get(RealtimeEmitter);
    emitter.emit(acme.agent.tenantId, 'customer.updated', { customerId: acmeCustomer });
    emitter.emit(acme.agent.tenantId, 'customer.created', { customerId: 'marker' });
    await acmeConsole.next('customer.created', (event) => event.customerId === 'marker');
    expect(acmeConsole.named('customer.updated').filter((event) => event.customerId === acmeCustomer)).toHaveLength(1);
  });
});
