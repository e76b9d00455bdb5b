import { isAutoReply } from './auto-reply.js';

const person = { from: 'Ann Lee <ann@example.com>', 'content-type': 'text/plain; charset=utf-8' };

function headers(values: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(values));
}

describe('isAutoReply', () => {
  it.each([
    ['Auto-Submitted: auto-replied', { 'auto-submitted': 'auto-replied' }],
    ['Auto-Submitted: auto-generated', { 'auto-submitted': 'auto-generated' }],
    ['Auto-Submitted with parameters', { 'auto-submitted': 'auto-replied; owner-email="ann@example.com"' }],
    ['Auto-Submitted, empty', { 'auto-submitted': '' }],
    ['Precedence: bulk', { precedence: 'bulk' }],
    ['Precedence: auto_reply', { precedence: 'auto_reply' }],
    ['Precedence: list', { precedence: 'list' }],
    ['Precedence: junk', { precedence: 'junk' }],
    ['Precedence in upper case', { precedence: ' BULK ' }],
    ['empty Return-Path', { 'return-path': '<>' }],
    ['empty Return-Path with spaces', { 'return-path': ' < > ' }],
    ['X-Autoreply', { 'x-autoreply': 'yes' }],
    ['X-Autorespond', { 'x-autorespond': 'Out of office' }],
    ['from MAILER-DAEMON', { from: 'Mail Delivery System <MAILER-DAEMON@mx.example.com>' }],
    ['from bare mailer-daemon', { from: 'mailer-daemon@example.com' }],
    ['from postmaster', { from: 'postmaster@example.com' }],
    ['from postmaster without domain', { from: '<postmaster>' }],
    ['delivery report', { 'content-type': 'multipart/report; report-type=delivery-status; boundary="b"' }],
    ['read receipt', { 'content-type': 'Multipart/Report; report-type=disposition-notification' }],
  ])('true for %s', (_case, extra) => {
    expect(isAutoReply(headers({ ...person, ...extra }))).toBe(true);
  });

  it.each([
    ['a plain message', {}],
    ['Auto-Submitted: no', { 'auto-submitted': 'no' }],
    ['Auto-Submitted: no with comment', { 'auto-submitted': 'No (sent by a person)' }],
    ['Precedence: first-class', { precedence: 'first-class' }],
    ['a real Return-Path', { 'return-path': '<ann@example.com>' }],
    ['a sender named like a daemon', { from: 'postmaster-general@example.com' }],
    ['a display name mentioning the postmaster', { from: 'Ann, ex postmaster-in-chief <ann@example.com>' }],
    ['a multipart message', { 'content-type': 'multipart/mixed; boundary="b"' }],
    ['no headers at all', null],
  ])('false for %s', (_case, extra) => {
    expect(isAutoReply(extra === null ? new Map() : headers({ ...person, ...extra }))).toBe(false);
  });
});
