import nodemailer from 'nodemailer';
import type { SendResult } from '../delivery-sender.js';
import { isObject, postToProvider } from '../provider-http.js';
import type { EmailThreading } from './email-reply.js';

export interface EmailReply extends EmailThreading {
  from: string;
  to: string;
  replyTo: string;
  messageId: string;
  text: string;
  attachments: { url: string; contentType: string; name?: string }[];
}

export interface SmtpRelay {
  host: string;
  port: number;
  user?: string;
  password?: string;
  tls?: 'starttls' | 'implicit' | 'none';
}

/**
 * Submits the reply to the channel's relay. A 5xx reply of the relay is final; a 4xx reply and a connection that
 * fails are tried again. Accepted, it is known by the Message-ID we gave it.
 */
export async function sendThroughSmtp(relay: SmtpRelay, reply: EmailReply): Promise<SendResult> {
  const tls = relay.tls ?? 'starttls';
  const transport = nodemailer.createTransport({
    host: relay.host,
    port: relay.port,
    secure: tls === 'implicit',
    requireTLS: tls === 'starttls',
    ignoreTLS: tls === 'none',
    ...(relay.user ? { auth: { user: relay.user, pass: relay.password ?? '' } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  try {
    await transport.sendMail({
      from: reply.from,
      to: reply.to,
      replyTo: reply.replyTo,
      subject: reply.subject,
      text: reply.text,
      messageId: reply.messageId,
      ...(reply.inReplyTo ? { inReplyTo: reply.inReplyTo } : {}),
      ...(reply.references.length > 0 ? { references: reply.references } : {}),
      attachments: reply.attachments.map(({ url, contentType, name }) => ({
        path: url,
        contentType,
        ...(name ? { filename: name } : {}),
      })),
    });
    return { providerId: reply.messageId };
  } catch (error) {
    return smtpFailure(error);
  } finally {
    transport.close();
  }
}

function smtpFailure(error: unknown): SendResult {
  const details = isObject(error) ? error : {};
  const responseCode = typeof details.responseCode === 'number' ? details.responseCode : undefined;
  const words =
    typeof details.response === 'string' ? details.response : error instanceof Error ? error.message : String(error);
  return {
    error: words,
    ...(responseCode ? { errorCode: String(responseCode), permanent: responseCode >= 500 } : {}),
  };
}

export interface MailgunAccount {
  apiUrl: string;
  apiKey: string;
  domain: string;
}

/** Mailgun's send API (`POST {api}/v3/{domain}/messages`, basic auth `api:<key>`), the threading headers as `h:`. */
export async function sendThroughMailgun(account: MailgunAccount, reply: EmailReply): Promise<SendResult> {
  const form = new URLSearchParams({
    from: reply.from,
    to: reply.to,
    subject: reply.subject,
    text: withAttachmentLinks(reply),
    'h:Reply-To': reply.replyTo,
    'h:Message-Id': reply.messageId,
  });
  if (reply.inReplyTo) form.append('h:In-Reply-To', reply.inReplyTo);
  if (reply.references.length > 0) form.append('h:References', reply.references.join(' '));
  const answer = await postToProvider({
    url: `${account.apiUrl.replace(/\/+$/, '')}/v3/${encodeURIComponent(account.domain)}/messages`,
    headers: {
      authorization: `Basic ${Buffer.from(`api:${account.apiKey}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: form.toString(),
  });
  if (answer.statusCode >= 200 && answer.statusCode < 300)
    return { statusCode: answer.statusCode, providerId: reply.messageId };
  const message =
    isObject(answer.json) && typeof answer.json.message === 'string' ? answer.json.message : answer.text.slice(0, 200);
  return {
    statusCode: answer.statusCode,
    ...(answer.retryAfter ? { retryAfter: answer.retryAfter } : {}),
    error: message,
  };
}

/** Mailgun's form takes files, not links: the links go under the text. */
function withAttachmentLinks(reply: EmailReply): string {
  if (reply.attachments.length === 0) return reply.text;
  const links = reply.attachments.map(({ url, name }) => `${name ?? 'Attachment'}: ${url}`);
  return `${reply.text}\n\n${links.join('\n')}`;
}
