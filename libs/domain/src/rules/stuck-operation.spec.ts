import { describe, expect, it } from '@jest/globals';
import { stuckOperationAction, type OperationStatus, type StuckOperationAction } from './stuck-operation.js';

const now = new Date('2026-03-01T12:00:00.000Z');
const secondsAgo = (seconds: number) => new Date(now.getTime() - seconds * 1000);
const threshold = 120_000;

describe('stuckOperationAction', () => {
  it.each<[string, StuckOperationAction, OperationStatus, Date]>([
    ['running, moved a moment ago (a step or a heartbeat)', 'none', 'running', secondsAgo(5)],
    ['running, moved just under the threshold ago', 'none', 'running', secondsAgo(119.999)],
    ['running, not moved for exactly the threshold', 'resume', 'running', secondsAgo(120)],
    ['running, not moved for an hour (its job failed for good)', 'resume', 'running', secondsAgo(3600)],
    ['pending, taking its locks right now', 'none', 'pending', secondsAgo(1)],
    ['pending for longer than the threshold (its starter died)', 'abandon', 'pending', secondsAgo(600)],
    ['done long ago', 'none', 'done', secondsAgo(3600)],
    ['refused long ago', 'none', 'refused', secondsAgo(3600)],
    ['running, its clock ahead of ours', 'none', 'running', new Date(now.getTime() + 5000)],
  ])('%s → %s', (_case, action, status, updatedAt) => {
    expect(stuckOperationAction({ status, updatedAt }, now, threshold)).toBe(action);
  });

  it('a threshold of zero resumes every running operation (the run at worker start)', () => {
    expect(stuckOperationAction({ status: 'running', updatedAt: now }, now, 0)).toBe('resume');
  });
});
