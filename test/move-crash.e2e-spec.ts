import { Types } from 'mongoose';
import { crashScenario } from '@app/testing';

/**
 * A worker killed with SIGKILL in the middle of a move (the conversation moved, its audit record not yet written):
 * the next worker finishes the move from its journal, and nothing is left inconsistent; the move is then undone.
 */
const scenario = crashScenario({ tenant: 'movecrashco', phoneNumberId: '106540352243031' });

it('finishes a move interrupted by SIGKILL once a worker runs again, with every invariant holding', async () => {
  const { admin } = scenario.tenant;
  const { connection, tenantId } = scenario;
  await scenario.startFreezingWorker('move', 'move-conversation');
  const [toId, fromId] = await scenario.customersOnWhatsapp({ '15550106001': 1, '15550106002': 2 });
  const conversationId = scenario.console
    .named('message.received')
    .find((event) => event.customerId === fromId)!.conversationId;

  const started = await scenario.crashWhile(() =>
    admin.post(`/api/v1/conversations/${conversationId}/move`, { customerId: toId }),
  );
  expect(started.status).toBe(202);
  const halfway = await admin.get(`/api/v1/moves/${started.body.id}`);
  expect(halfway.body).toMatchObject({ status: 'running', completedSteps: ['move-conversation'] });
  expect(await scenario.editStatus(toId)).toBe(409);

  await scenario.restartWorker();
  expect(
    await scenario.console.next('conversation.updated', (event) => event.conversationId === conversationId),
  ).toMatchObject({ customerId: toId, fromCustomerId: fromId });
  const done = await admin.get(`/api/v1/moves/${started.body.id}`);
  expect(done.body).toMatchObject({ status: 'done', moved: { conversations: 1 } });
  expect(done.body.completedSteps).toHaveLength(3);
  const conversation = await connection
    .collection('conversations')
    .findOne({ _id: new Types.ObjectId(conversationId) });
  expect(conversation?.customerId.toHexString()).toBe(toId);
  const identity = await connection.collection('identities').findOne({ _id: conversation!.identityId });
  expect(identity?.customerId.toHexString()).toBe(fromId);
  await scenario.expectConsistent();
  expect(await connection.collection('messages').countDocuments({ tenantId })).toBe(3);
  expect(await scenario.auditRecords('conversation.moved', started.body.id)).toBe(1);

  // The worker that finished it undoes it too.
  const undo = await admin.post(`/api/v1/moves/${started.body.id}/undo`, {});
  expect(undo.status).toBe(202);
  await scenario.console.next(
    'conversation.updated',
    (event) => event.conversationId === conversationId && event.customerId === fromId,
  );
  const back = await connection.collection('conversations').findOne({ _id: new Types.ObjectId(conversationId) });
  expect(back?.customerId.toHexString()).toBe(fromId);
  await scenario.expectConsistent();
});
