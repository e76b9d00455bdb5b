import { describe, expect, it } from '@jest/globals';
import { replyMode, templateParameters } from './replyMode';
import type { ConversationSummary } from './types';

const now = new Date('2026-03-01T12:00:00.000Z');
const inHours = (hours: number) => new Date(now.getTime() + hours * 3600_000).toISOString();

describe('replyMode', () => {
  it.each<[string, ConversationSummary['channelKind'], string | null, string]>([
    ['WhatsApp inside the window', 'whatsapp', inHours(3), 'text'],
    ['WhatsApp the instant the window closes', 'whatsapp', inHours(0), 'template-only'],
    ['WhatsApp a day after it closed', 'whatsapp', inHours(-24), 'template-only'],
    ['WhatsApp without a window', 'whatsapp', null, 'template-only'],
    ['SMS', 'sms', null, 'text'],
    ['email', 'email', null, 'text'],
    ['webchat', 'webchat', null, 'text'],
  ])('%s → %s', (_case, channelKind, serviceWindowExpiresAt, kind) => {
    expect(replyMode({ channelKind, serviceWindowExpiresAt }, now).kind).toBe(kind);
  });

  it('says why a closed window allows only a template', () => {
    const mode = replyMode({ channelKind: 'whatsapp', serviceWindowExpiresAt: inHours(-1) }, now);
    expect(mode.kind === 'template-only' && mode.reason).toMatch(/more than 24 hours ago.*template/);
  });
});

describe('templateParameters', () => {
  it.each([
    ['', []],
    ['Ann', ['Ann']],
    [' Ann , 4711 ,, ', ['Ann', '4711']],
  ])('%j → %j', (text, parameters) => {
    expect(templateParameters(text)).toEqual(parameters);
  });
});
