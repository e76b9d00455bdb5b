import mongoose, { Types } from 'mongoose';
import { startAppProcess, type RunningApp } from './app-process.js';
import { RecordingConsole } from './console-client.js';
import { stopAfterJournalStep, type CrashableJournal } from './crash-hooks.js';
import {
  createTenantThroughCli,
  createWhatsappChannel,
  postWhatsapp,
  type CliTenant,
  type WhatsappChannel,
} from './e2e.js';
import { findInvariantViolations } from './invariants.js';
import { dropTestDatabase, testEnvironment } from './test-env.js';

export interface CrashScenarioOptions {
  /** The tenant's name: its admin is `admin@<name>.example`. */
  tenant: string;
  /** The WhatsApp business number the customers write to (a number belongs to one tenant). */
  phoneNumberId: string;
}

/**
 * What the crash tests of journals share: one api per test file with a tenant made through the CLI, its WhatsApp
 * channel and a console recording every event; per case, a worker that freezes right after a journal step, killed
 * with SIGKILL and followed by a worker without the hook. Call `crashScenario` at the top of a test file: it registers
 * the file's Jest hooks.
 */
export function crashScenario(options: CrashScenarioOptions): CrashScenario {
  const scenario = new CrashScenario(options);
  beforeAll(() => scenario.open());
  afterEach(() => scenario.stopWorker());
  afterAll(() => scenario.close());
  return scenario;
}

export class CrashScenario {
  readonly env = testEnvironment();
  readonly connection: mongoose.Connection;
  api!: RunningApp;
  tenant!: CliTenant;
  tenantId!: Types.ObjectId;
  channel!: WhatsappChannel;
  /** The admin's console, connected before anything happens: every event of the file is in it. */
  console!: RecordingConsole;
  private worker?: RunningApp;
  private freeze?: ReturnType<typeof stopAfterJournalStep>;

  constructor(private readonly options: CrashScenarioOptions) {
    this.connection = mongoose.createConnection(this.env.MONGODB_URI, { dbName: this.env.MONGODB_DB });
  }

  async open(): Promise<void> {
    this.api = await startAppProcess('api', this.env);
    this.tenant = await createTenantThroughCli(this.env, this.api.url, this.options.tenant);
    this.tenantId = new Types.ObjectId(this.tenant.tenantId);
    this.channel = await createWhatsappChannel(
      this.tenant.admin,
      this.options.phoneNumberId,
      `${this.options.tenant}-secret`,
    );
    this.console = await RecordingConsole.connect(this.api.url, this.tenant.admin.token);
  }

  async close(): Promise<void> {
    this.console?.close();
    await this.api?.stop();
    await this.connection.close();
    await dropTestDatabase(this.env);
  }

  /** This case's worker, set to freeze right after it records `step` of `journal` (until `crashWhile` kills it). */
  async startFreezingWorker(journal: CrashableJournal, step: string): Promise<void> {
    this.freeze = stopAfterJournalStep(journal, step);
    this.worker = await startAppProcess('worker', { ...this.env, ...this.freeze.env }, this.freeze.nodeFlags);
  }

  /**
   * Runs `start` (the request that starts the journal), waits until the freezing worker stopped after its step and
   * kills it with SIGKILL, as a crash would. Answers what `start` answered.
   */
  async crashWhile<T>(start: () => PromiseLike<T>): Promise<T> {
    const worker = this.worker;
    if (!worker || !this.freeze) throw new Error('crashWhile needs a worker from startFreezingWorker');
    const [started] = await Promise.all([start(), this.freeze.stopped(worker)]);
    process.kill(worker.pid, 'SIGKILL');
    await worker.process.exited;
    this.worker = undefined;
    return started;
  }

  /** A worker without the hook, as after a restart: it finishes the journal the killed one left. */
  async restartWorker(): Promise<void> {
    this.worker = await startAppProcess('worker', this.env);
  }

  async stopWorker(): Promise<void> {
    await this.worker?.stop();
    this.worker = undefined;
  }

  /**
   * Customers that wrote on WhatsApp: from each number of `messages` that many messages (one conversation), once the
   * worker stored them all. Answers their customer ids in the order of the numbers (digits only: `15550101001`).
   */
  async customersOnWhatsapp(messages: Record<string, number>): Promise<string[]> {
    const before = this.console.named('message.received').length;
    let total = 0;
    for (const [phone, count] of Object.entries(messages)) {
      for (let n = 1; n <= count; n += 1) {
        const delivered = await postWhatsapp(this.api.url, this.channel, phone, `wamid.${phone}-${n}`);
        if (delivered.status !== 200) throw new Error(`the webhook answered ${delivered.status} for ${phone}`);
      }
      total += count;
    }
    await this.console.next('message.received', () => this.console.named('message.received').length >= before + total);
    return Promise.all(Object.keys(messages).map(async (phone) => (await this.identityOf(phone)).customerId));
  }

  /** The WhatsApp identity of `phone` (digits only) and the customer holding it. */
  async identityOf(phone: string): Promise<{ identityId: string; customerId: string }> {
    const identity = await this.connection
      .collection('identities')
      .findOne({ tenantId: this.tenantId, key: `whatsapp:+${phone}` });
    if (!identity) throw new Error(`no WhatsApp identity for +${phone}`);
    return {
      identityId: identity._id.toHexString(),
      customerId: (identity.customerId as Types.ObjectId).toHexString(),
    };
  }

  /**
   * Two customers that wrote on WhatsApp (`kept` once, `other` twice), wrongly merged: the survivor holds both
   * numbers. Answers the merge and `other`'s identity.
   */
  async wronglyMerged(kept: string, other: string) {
    const [survivorId, victimId] = await this.customersOnWhatsapp({ [kept]: 1, [other]: 2 });
    const mergeId = await this.merge(survivorId, victimId);
    const { identityId } = await this.identityOf(other);
    return { survivorId, victimId, mergeId, identityId };
  }

  /** `victimId` merged into `survivorId` by the admin, done. Answers the merge's id. */
  async merge(survivorId: string, victimId: string): Promise<string> {
    const merge = await this.tenant.admin.post('/api/v1/merges', { survivorId, victimIds: [victimId] });
    if (merge.status !== 200 && merge.status !== 202) throw new Error(`the merge answered ${merge.status}`);
    await this.console.next('customer.merged', (event) => event.mergeId === merge.body.id);
    return merge.body.id as string;
  }

  /** The status an edit of the customer gets (409 while a journal holds it). */
  async editStatus(customerId: string): Promise<number> {
    return (await this.tenant.admin.patch(`/api/v1/customers/${customerId}`, { name: 'Edited meanwhile' })).status;
  }

  async auditRecords(type: string, key: string): Promise<number> {
    return this.connection.collection('audit_records').countDocuments({ tenantId: this.tenantId, type, key });
  }

  /** What every crash case ends with: nothing orphaned, no tombstone cycle, no lock left. */
  async expectConsistent(): Promise<void> {
    expect(await findInvariantViolations(this.connection, this.tenantId)).toEqual([]);
    expect(await this.connection.collection('merge_locks').countDocuments({ tenantId: this.tenantId })).toBe(0);
  }
}
