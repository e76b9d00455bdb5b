import { describe, expect, it } from '@jest/globals';
import type { ChannelKind } from '../vocabulary.js';
import { replyRefusal, type ReplyRefusal } from './reply-refusal.js';

const now = new Date('2026-03-01T12:00:00.000Z');
const inHours = (hours: number) => new Date(now.getTime() + hours * 3600_000);
const text = { hasText: true, hasTemplate: false };
const template = { hasText: false, hasTemplate: true };
const nothing = { hasText: false, hasTemplate: false };

describe('replyRefusal', () => {
  it.each<[string, ChannelKind, Date | undefined, typeof text, ReplyRefusal | undefined]>([
    ['WhatsApp text inside the window', 'whatsapp', inHours(23), text, undefined],
    ['WhatsApp text a second before the window closes', 'whatsapp', new Date(now.getTime() + 1000), text, undefined],
    ['WhatsApp text the instant the window closes', 'whatsapp', now, text, 'whatsapp_window_closed'],
    ['WhatsApp text a day after the window closed', 'whatsapp', inHours(-24), text, 'whatsapp_window_closed'],
    [
      'WhatsApp text without a window (the customer never wrote)',
      'whatsapp',
      undefined,
      text,
      'whatsapp_window_closed',
    ],
    ['a WhatsApp template outside the window', 'whatsapp', inHours(-48), template, undefined],
    ['a WhatsApp template inside the window', 'whatsapp', inHours(2), template, undefined],
    ['SMS text (no window)', 'sms', undefined, text, undefined],
    ['email text', 'email', undefined, text, undefined],
    ['webchat text', 'webchat', undefined, text, undefined],
    ['api text', 'api', undefined, text, undefined],
    ['an SMS template', 'sms', undefined, template, 'template_not_supported'],
    ['an email template', 'email', undefined, template, 'template_not_supported'],
    ['WhatsApp without text or template', 'whatsapp', inHours(5), nothing, 'empty_reply'],
    ['SMS without text', 'sms', undefined, nothing, 'empty_reply'],
  ])('%s → %s', (_case, channelKind, serviceWindowExpiresAt, request, refusal) => {
    expect(replyRefusal({ channelKind, serviceWindowExpiresAt }, request, now)).toBe(refusal);
  });
});
