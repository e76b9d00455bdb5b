import { Types } from 'mongoose';
import { crashScenario } from '@app/testing';

/**
 * A worker killed with SIGKILL in the middle of a detach, after each of its recorded steps: the next worker finishes
 * the detach from its journal, on the customer the journal named, and nothing is left inconsistent.
 */
const scenario = crashScenario({ tenant: 'detachcrashco', phoneNumberId: '106540352242923' });
/** Every step but the last, which ends the journal with it (the crash tests of a finished journal are its resumer's). */
const STEPS = [
  'create-customer',
  'move-identity',
  'move-conversations',
  'move-identifier-owner',
  'move-contact-data',
  'separate-customers',
] as const;

it.each(STEPS.map((step, index) => [step, index] as const))(
  'finishes a detach interrupted by SIGKILL after %s once a worker runs again, every invariant holding',
  async (step, index) => {
    const { admin } = scenario.tenant;
    const { connection, tenantId } = scenario;
    await scenario.startFreezingWorker('detach', step);
    const phone = `1555010${index + 1}002`;
    const { survivorId, identityId } = await scenario.wronglyMerged(`1555010${index + 1}001`, phone);

    const started = await scenario.crashWhile(() =>
      admin.post(`/api/v1/customers/${survivorId}/identities/${identityId}/detach`, { reason: 'not the same person' }),
    );
    expect(started.status).toBe(202);
    const newCustomerId = started.body.toCustomerId as string;
    const halfway = await admin.get(`/api/v1/detaches/${started.body.id}`);
    expect(halfway.body.status).toBe('running');
    expect(halfway.body.completedSteps).toEqual(STEPS.slice(0, index + 1));
    expect(await scenario.editStatus(survivorId)).toBe(409);

    await scenario.restartWorker();
    const detached = await scenario.console.next('identity.detached', (event) => event.detachId === started.body.id);
    expect(detached).toMatchObject({ identityId, fromCustomerId: survivorId, toCustomerId: newCustomerId });
    const done = await admin.get(`/api/v1/detaches/${started.body.id}`);
    expect(done.body.status).toBe('done');
    expect(done.body.completedSteps).toHaveLength(STEPS.length + 1);

    const created = await admin.get(`/api/v1/customers/${newCustomerId}`);
    expect(created.status).toBe(200);
    expect(created.body.identities).toEqual([expect.objectContaining({ id: identityId, conversationCount: 1 })]);
    const survivor = await admin.get(`/api/v1/customers/${survivorId}`);
    expect(survivor.body.identities).toHaveLength(1);
    expect(survivor.body.identities[0].id).not.toBe(identityId);
    await scenario.expectConsistent();
    expect(await connection.collection('identifier_owners').findOne({ tenantId, value: `+${phone}` })).toMatchObject({
      customerId: new Types.ObjectId(newCustomerId),
    });
    expect(await connection.collection('customers').countDocuments({ _id: new Types.ObjectId(newCustomerId) })).toBe(1);
    const pair = [survivorId, newCustomerId].sort().join(':');
    expect(await connection.collection('suggestions').findOne({ tenantId, pairKey: pair })).toMatchObject({
      status: 'rejected',
    });
    expect(await scenario.auditRecords('identity.detached', started.body.id)).toBe(1);
  },
);
