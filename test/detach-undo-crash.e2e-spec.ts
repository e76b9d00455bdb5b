import { Types } from 'mongoose';
import { crashScenario } from '@app/testing';

/**
 * A worker killed with SIGKILL in the middle of a detach's undo, after each of its recorded steps: the next worker
 * finishes the undo from its journal, the source holds the identity again with its conversation, identifier and
 * contact data, the detached customer is a tombstone pointing to it, and nothing is left inconsistent.
 */
const scenario = crashScenario({ tenant: 'detachundocrashco', phoneNumberId: '106540352243032' });
/** Every step but the last, which ends the journal with it (the crash tests of a finished journal are its resumer's). */
const STEPS = [
  'move-identity',
  'move-conversations',
  'move-identifier-owner',
  'move-contact-data',
  'tombstone-customer',
] as const;

it.each(STEPS.map((step, index) => [step, index] as const))(
  'finishes a detach undo interrupted by SIGKILL after %s once a worker runs again, every invariant holding',
  async (step, index) => {
    const { admin } = scenario.tenant;
    const { connection, tenantId } = scenario;
    await scenario.startFreezingWorker('detach-undo', step);
    const phone = `15550107${index + 1}02`;
    const { survivorId, identityId } = await scenario.wronglyMerged(`15550107${index + 1}01`, phone);
    const detach = await admin.post(`/api/v1/customers/${survivorId}/identities/${identityId}/detach`, {});
    expect(detach.status).toBe(202);
    const detachId = detach.body.id as string;
    const detachedId = detach.body.toCustomerId as string;
    await scenario.console.next('identity.detached', (event) => event.detachId === detachId);

    const started = await scenario.crashWhile(() => admin.post(`/api/v1/detaches/${detachId}/undo`, {}));
    expect(started.status).toBe(202);
    const undoId = started.body.id as string;
    const halfway = await admin.get(`/api/v1/detaches/${detachId}/undo`);
    expect(halfway.body).toMatchObject({ id: undoId, status: 'running', completedSteps: STEPS.slice(0, index + 1) });
    expect(await scenario.editStatus(survivorId)).toBe(409);

    await scenario.restartWorker();
    const undone = await scenario.console.next('detach.undone', (event) => event.undoId === undoId);
    expect(undone).toMatchObject({ detachId, identityId, fromCustomerId: detachedId, toCustomerId: survivorId });
    const done = await admin.get(`/api/v1/detaches/${detachId}/undo`);
    expect(done.body.status).toBe('done');
    expect(done.body.completedSteps).toHaveLength(STEPS.length + 1);

    const survivor = await admin.get(`/api/v1/customers/${survivorId}`);
    expect(survivor.body.identities).toHaveLength(2);
    expect(survivor.body.identities).toContainEqual(expect.objectContaining({ id: identityId, conversationCount: 1 }));
    expect((await admin.get(`/api/v1/customers/${detachedId}`)).status).toBe(308);
    const detached = await connection.collection('customers').findOne({ _id: new Types.ObjectId(detachedId) });
    expect(detached?.mergedInto?.toHexString()).toBe(survivorId);
    expect(await connection.collection('identifier_owners').findOne({ tenantId, value: `+${phone}` })).toMatchObject({
      customerId: new Types.ObjectId(survivorId),
    });
    const undo = await connection.collection('detaches').findOne({ _id: new Types.ObjectId(undoId) });
    const source = await connection.collection('customers').findOne({ _id: new Types.ObjectId(survivorId) });
    const held = (source?.contactData as { value: string }[]).map((contact) => contact.value);
    for (const { value } of undo?.intent.contactData as { value: string }[]) expect(held).toContain(value);
    // The separation the detach recorded stays, as history.
    const pairKey = [survivorId, detachedId].sort().join(':');
    expect(await connection.collection('suggestions').findOne({ tenantId, pairKey })).toMatchObject({
      status: 'rejected',
    });
    const undoneDetach = await connection.collection('detaches').findOne({ _id: new Types.ObjectId(detachId) });
    expect(undoneDetach?.undoneBy?.toHexString()).toBe(undoId);
    expect(await scenario.auditRecords('detach.undone', undoId)).toBe(1);
    await scenario.expectConsistent();
  },
);
