import { Types } from 'mongoose';
import { crashScenario } from '@app/testing';

/**
 * A worker killed with SIGKILL in the middle of a move, or of a move's undo, after each of its recorded steps: the
 * next worker finishes the journal, the conversation ends on the journal's target with its messages, its identity
 * stays where it was, and nothing is left inconsistent.
 */
const scenario = crashScenario({ tenant: 'movecrashco', phoneNumberId: '106540352243031' });
/** Every step but the last, which ends the journal with it (the crash tests of a finished journal are its resumer's). */
const STEPS = ['move-conversation', 'record-audit'] as const;
const CASES = (['move', 'move-undo'] as const).flatMap((journal, j) =>
  STEPS.map((step, index) => [journal, step, index, j * STEPS.length + index + 1] as const),
);

it.each(CASES)(
  'finishes a %s interrupted by SIGKILL after %s once a worker runs again, every invariant holding',
  async (journal, step, index, n) => {
    const { admin } = scenario.tenant;
    const { connection, tenantId } = scenario;
    await scenario.startFreezingWorker(journal, step);
    const [firstPhone, secondPhone] = [`15550106${n}01`, `15550106${n}02`];
    const [toId, fromId] = await scenario.customersOnWhatsapp({ [firstPhone]: 1, [secondPhone]: 2 });
    const conversation = await connection
      .collection('conversations')
      .findOne({ tenantId, customerId: new Types.ObjectId(fromId) });
    const conversationId = conversation!._id.toHexString();
    const moveTo = () => admin.post(`/api/v1/conversations/${conversationId}/move`, { customerId: toId });
    let moveId: string | undefined;
    if (journal === 'move-undo') {
      const move = await moveTo();
      expect(move.status).toBe(202);
      moveId = move.body.id as string;
      await scenario.console.next(
        'conversation.updated',
        (event) => event.conversationId === conversationId && event.customerId === toId,
      );
    }
    // Where the crashed journal takes the conversation.
    const [target, source] = moveId ? [fromId, toId] : [toId, fromId];

    const started = await scenario.crashWhile(() =>
      moveId ? admin.post(`/api/v1/moves/${moveId}/undo`, {}) : moveTo(),
    );
    expect(started.status).toBe(202);
    const halfway = await admin.get(`/api/v1/moves/${started.body.id}`);
    expect(halfway.body).toMatchObject({ status: 'running', completedSteps: STEPS.slice(0, index + 1) });
    expect(await scenario.editStatus(toId)).toBe(409);
    expect(await scenario.editStatus(fromId)).toBe(409);

    await scenario.restartWorker();
    await scenario.console.next(
      'conversation.updated',
      (event) =>
        event.conversationId === conversationId && event.customerId === target && event.fromCustomerId === source,
    );
    const done = await admin.get(`/api/v1/moves/${started.body.id}`);
    expect(done.body).toMatchObject({ status: 'done', moved: { conversations: 1 } });
    expect(done.body.completedSteps).toHaveLength(STEPS.length + 1);
    const moved = await connection.collection('conversations').findOne({ _id: conversation!._id });
    expect(moved?.customerId.toHexString()).toBe(target);
    expect(
      await connection.collection('messages').countDocuments({ tenantId, conversationId: conversation!._id }),
    ).toBe(2);
    // The identity, and so its identifier, stay with their customer; neither customer is a tombstone.
    expect((await scenario.identityOf(secondPhone)).customerId).toBe(fromId);
    expect(
      await connection.collection('identifier_owners').findOne({ tenantId, value: `+${secondPhone}` }),
    ).toMatchObject({ customerId: new Types.ObjectId(fromId) });
    const pair = [toId, fromId].map((id) => new Types.ObjectId(id));
    expect(await connection.collection('customers').countDocuments({ _id: { $in: pair }, mergedInto: null })).toBe(2);
    // A move says nothing about whether they are the same person: the pair is not separated.
    const pairKey = [toId, fromId].sort().join(':');
    expect(await connection.collection('suggestions').countDocuments({ tenantId, pairKey, status: 'rejected' })).toBe(
      0,
    );
    expect(await scenario.auditRecords('conversation.moved', started.body.id)).toBe(1);
    if (moveId) {
      const undone = await connection.collection('moves').findOne({ _id: new Types.ObjectId(moveId) });
      expect(undone?.undoneBy?.toHexString()).toBe(started.body.id);
    }
    await scenario.expectConsistent();
  },
);
