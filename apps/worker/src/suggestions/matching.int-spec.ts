import type { INestApplicationContext } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Types, type Connection } from 'mongoose';
import { customerMatchKeys, DEFAULT_IDENTITY_SETTINGS, pairKey } from '@app/domain';
import { IdentityModule, SuggestionFinderService } from '@app/identity';
import { CustomerRepository, IdentityRepository, SuggestionRepository, type Suggestion } from '@app/persistence';
import { dropTestDatabase, startWorkerModules, testEnvironment, type TestEnvironment } from '@app/testing';
import { IdentityJobsModule } from '../identity-jobs.module.js';

/** Issue 16: candidates from derived match keys, exact evidence first, and a score a person would give. */
let env: TestEnvironment;
let context: INestApplicationContext;
let finder: SuggestionFinderService;
let customers: CustomerRepository;
let identities: IdentityRepository;
let suggestions: SuggestionRepository;
let db: Connection;
let tenantId: string;
const channelId = new Types.ObjectId();

/** A customer made through the repositories' write paths (which keep match keys), with identities of these addresses. */
async function customerWith(
  name: string | undefined,
  addresses: { kind: 'email' | 'sms'; address: string }[],
  contactData: { type: 'phone' | 'email'; value: string }[] = [],
): Promise<string> {
  const id = new Types.ObjectId();
  await customers.createOnce(tenantId, id, {
    ...(name ? { name } : {}),
    kind: 'contact',
    contactData: contactData.map((datum) => ({ ...datum, grantsAccess: false })),
    uniqueIdentifiers: [],
  });
  for (const { kind, address } of addresses) {
    await identities.insertOrGet({
      tenantId,
      customerId: id,
      key: `${kind}:${address}`,
      kind,
      channelId,
      anonymous: false,
      identifierType: kind === 'email' ? 'email' : 'phone',
      address,
      displayAddress: address,
    });
  }
  return id.toHexString();
}

const suggestionOf = (a: string, b: string): Promise<Suggestion | null> =>
  suggestions.findByPair(tenantId, pairKey(a, b));

beforeAll(async () => {
  env = testEnvironment();
  context = await startWorkerModules(env, [IdentityJobsModule, IdentityModule]);
  finder = context.get(SuggestionFinderService);
  customers = context.get(CustomerRepository);
  identities = context.get(IdentityRepository);
  suggestions = context.get(SuggestionRepository);
  db = context.get(getConnectionToken());
  const tenant = await db.collection('tenants').insertOne({
    name: 'Matching',
    slug: `matching-${env.MONGODB_DB}`,
    identitySettings: { ...DEFAULT_IDENTITY_SETTINGS },
  });
  tenantId = tenant.insertedId.toHexString();
});

afterAll(async () => {
  await context?.close();
  if (env) await dropTestDatabase(env);
});

describe('matching on a crowded domain', () => {
  const PHONE = '+15556902605';
  let subject: string;
  let smsCustomer: string;
  let namesake80: string;

  beforeAll(async () => {
    // 10,000 other customers on the subject's domain, most of them one or two digits away from its address.
    const at = new Date('2026-01-01T10:00:00Z');
    const crowd = Array.from({ length: 10_000 }, (_, n) => {
      const contactData = [{ type: 'email' as const, value: `nils.kowalski${n + 100}@gmail.com`, grantsAccess: false }];
      return {
        tenantId: new Types.ObjectId(tenantId),
        name: `Person ${n}`,
        kind: 'contact',
        contactData,
        uniqueIdentifiers: [],
        matchKeys: customerMatchKeys({ contactData, uniqueIdentifiers: [] }),
        mergedInto: null,
        createdAt: at,
        updatedAt: at,
      };
    });
    await db.collection('customers').insertMany(crowd);
    subject = await customerWith(
      'Nils Kowalski',
      [{ kind: 'email', address: 'nils.kowalski20@gmail.com' }],
      [{ type: 'phone', value: PHONE }],
    );
    smsCustomer = await customerWith(undefined, [{ kind: 'sms', address: PHONE }]);
    namesake80 = await customerWith('Ola Nordmann', [{ kind: 'email', address: 'nils.kowalski80@gmail.com' }]);
    await finder.check(tenantId, subject);
  });

  it('finds the exact evidence: the phone on the email profile is the other customer’s SMS identity', async () => {
    const found = await suggestionOf(subject, smsCustomer);
    expect(found).toMatchObject({
      status: 'open',
      score: 0.9,
      evidence: [{ rule: 'identity_matches_contact', values: [PHONE, PHONE], score: 0.9 }],
    });
  });

  it('suggests nothing for a different person whose address differs in its number', async () => {
    expect(await suggestionOf(subject, namesake80)).toBeNull();
    // Checked from the other side too: the same judgement.
    await finder.check(tenantId, namesake80);
    expect(await suggestionOf(subject, namesake80)).toBeNull();
  });

  it('looks candidates up by keys, bounded, never the crowd', async () => {
    const outcome = await finder.check(tenantId, subject);
    expect(outcome.candidates).toBeLessThan(50);
  });
});

describe('typos', () => {
  it('one-letter typos of the same person with the same name are suggested', async () => {
    const first = await customerWith('José Müller', [{ kind: 'email', address: 'jose.mueller@example.org' }]);
    const second = await customerWith('muller jose', [{ kind: 'email', address: 'jose.muelelr@example.org' }]);
    const third = await customerWith('José Müller', [], [{ type: 'email', value: 'jose.mueler@example.org' }]);
    await finder.check(tenantId, second);
    await finder.check(tenantId, third);
    expect(await suggestionOf(first, second)).toMatchObject({
      status: 'open',
      score: 0.8,
      evidence: [{ rule: 'similar_email', values: ['jose.muelelr@example.org', 'jose.mueller@example.org'] }],
    });
    expect(await suggestionOf(first, third)).toMatchObject({ status: 'open', score: 0.8 });
  });

  it('two different people whose addresses differ by …20@ and …80@ get no suggestion', async () => {
    const first = await customerWith('Anna Berg', [{ kind: 'email', address: 'a.berg20@example.net' }]);
    const second = await customerWith('Tomas Lind', [{ kind: 'email', address: 'a.berg80@example.net' }]);
    await finder.check(tenantId, second);
    await finder.check(tenantId, first);
    expect(await suggestionOf(first, second)).toBeNull();
  });
});

describe('the threshold', () => {
  it('withdraws an open suggestion whose score falls below it, and brings it back when it clears it again', async () => {
    const first = await customerWith(undefined, [{ kind: 'email', address: 'lena.fischer@example.com' }]);
    const second = await customerWith(undefined, [{ kind: 'email', address: 'lena.fsicher@example.com' }]);
    await finder.check(tenantId, second);
    expect(await suggestionOf(first, second)).toMatchObject({ status: 'open', score: 0.6 });

    const setThreshold = (suggestionThreshold: number) =>
      db
        .collection('tenants')
        .updateOne(
          { _id: new Types.ObjectId(tenantId) },
          { $set: { 'identitySettings.suggestionThreshold': suggestionThreshold } },
        );
    await setThreshold(0.7);
    const outcome = await finder.check(tenantId, first);
    expect(outcome.withdrawn).toBe(1);
    expect(await suggestionOf(first, second)).toMatchObject({ status: 'superseded' });

    await setThreshold(0.5);
    await finder.check(tenantId, first);
    expect(await suggestionOf(first, second)).toMatchObject({ status: 'open', score: 0.6 });
    await setThreshold(DEFAULT_IDENTITY_SETTINGS.suggestionThreshold);
  });
});

describe('a value that becomes shared', () => {
  it('withdraws the suggestions made while few customers held it, once more than the threshold hold it', async () => {
    const SWITCHBOARD = '+15550109999';
    const threshold = DEFAULT_IDENTITY_SETTINGS.sharedContactThreshold;
    const office: string[] = [];
    for (let index = 0; index < threshold + 2; index += 1) {
      office.push(await customerWith(`Colleague ${index}`, [], [{ type: 'phone', value: SWITCHBOARD }]));
      await finder.check(tenantId, office.at(-1)!);
      if (index === 2) {
        // While three profiles hold it, it is evidence: the first pair was suggested.
        expect(await suggestionOf(office[0], office[1])).toMatchObject({ status: 'open' });
      }
    }
    const pairs = office.flatMap((a, index) => office.slice(index + 1).map((b) => suggestionOf(a, b)));
    const standing = (await Promise.all(pairs)).filter(
      (found) => found?.status === 'open' || found?.status === 'blocked',
    );
    expect(standing).toEqual([]);
    expect(await suggestionOf(office[0], office[1])).toMatchObject({
      status: 'superseded',
      history: expect.arrayContaining([
        expect.objectContaining({ reason: 'a value it rested on is now shared by too many customers' }),
      ]),
    });
  });
});

describe('match keys on writes', () => {
  it('an added contact value is found at once; a removed one leaves no key behind', async () => {
    const holder = await customerWith(undefined, [{ kind: 'sms', address: '+15550107777' }]);
    const editor = await customerWith(undefined, []);
    const id = new Types.ObjectId(editor);
    await customers.applyChanges(tenantId, id, {
      addContactData: [{ type: 'phone', value: '+15550107777', display: '+1 555 010 7777' }],
    });
    expect((await customers.findById(tenantId, editor))?.matchKeys).toEqual(['v:+15550107777']);
    await finder.check(tenantId, editor);
    expect(await suggestionOf(holder, editor)).toMatchObject({ status: 'open' });

    await customers.applyChanges(tenantId, id, { removeContactData: [{ type: 'phone', value: '+15550107777' }] });
    expect((await customers.findById(tenantId, editor))?.matchKeys).toEqual([]);
  });

  it('the backfill derives the keys of customers and identities stored before keys existed', async () => {
    const bare = await customerWith(
      undefined,
      [{ kind: 'email', address: 'old.timer@example.com' }],
      [{ type: 'phone', value: '+15550108888' }],
    );
    await db.collection('customers').updateOne({ _id: new Types.ObjectId(bare) }, { $unset: { matchKeys: 1 } });
    await db
      .collection('identities')
      .updateMany({ customerId: new Types.ObjectId(bare) }, { $unset: { matchKeys: 1 } });
    const customerPages = [];
    let after: Types.ObjectId | undefined;
    do {
      const page = await customers.backfillMatchKeys(tenantId, after, 5_000);
      customerPages.push(page.updated);
      after = page.lastId;
    } while (after);
    let updatedIdentities = 0;
    after = undefined;
    do {
      const page = await identities.backfillMatchKeys(tenantId, after, 5_000);
      updatedIdentities += page.updated;
      after = page.lastId;
    } while (after);
    expect(customerPages.reduce((sum, n) => sum + n, 0)).toBe(1);
    expect(updatedIdentities).toBe(1);
    expect((await customers.findById(tenantId, bare))?.matchKeys).toEqual(['v:+15550108888']);
    const [identity] = await identities.findByCustomers(tenantId, [new Types.ObjectId(bare)]);
    expect(identity.matchKeys).toContain('m:old.timer@example.com');
  });
});
