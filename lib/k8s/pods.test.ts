import { describe, expect, it } from 'vitest';
import { isPodReady, podNotReadyReason, podReadyCondition } from './pods';

const pod = (ready: 'True' | 'False' | undefined, extra: { reason?: string; message?: string; waiting?: string; podReason?: string } = {}) => ({
  status: {
    ...(extra.podReason ? { reason: extra.podReason } : {}),
    conditions: ready ? [{ type: 'PodScheduled', status: 'True' as const }, { type: 'Ready', status: ready, reason: extra.reason, message: extra.message }] : [],
    containerStatuses: extra.waiting
      ? [{ name: 'c', image: 'echo', ready: false, restartCount: 0, state: { running: {} } }, { name: 'd', image: 'echo', ready: false, restartCount: 0, state: { waiting: { reason: extra.waiting } } }]
      : [],
  },
});

describe('pod readiness (one rule for the dev cluster, topology and diagnostics)', () => {
  it('is the Ready condition being "True"', () => {
    expect(isPodReady(pod('True'))).toBe(true);
    expect(isPodReady(pod('False'))).toBe(false);
    expect(isPodReady(pod(undefined))).toBe(false);
    expect(isPodReady({})).toBe(false);
    expect(podReadyCondition(pod('False'))?.type).toBe('Ready');
  });
  it('explains a not-ready pod, most specific reason first', () => {
    expect(podNotReadyReason(pod('True', { waiting: 'CrashLoopBackOff' }))).toBeUndefined();
    expect(podNotReadyReason(pod('False', { waiting: 'CrashLoopBackOff', reason: 'ContainersNotReady' }))).toBe('CrashLoopBackOff');
    expect(podNotReadyReason(pod('False', { reason: 'ContainersNotReady', message: 'm' }))).toBe('ContainersNotReady');
    expect(podNotReadyReason(pod('False', { message: 'containers with unready status: [c]' }))).toBe('containers with unready status: [c]');
    expect(podNotReadyReason(pod(undefined, { podReason: 'Evicted' }))).toBe('Evicted');
  });
});
