import type { SendResult } from '../delivery-sender.js';
import { isObject, type ProviderAnswer, type ProviderRequest } from '../provider-http.js';

export interface TwilioEndpoint {
  apiUrl: string;
  accountSid: string;
  authToken: string;
}

export interface TwilioReply {
  /** The channel's number. */
  from: string;
  /** The customer's number as Twilio gave it. */
  to: string;
  text?: string;
  mediaUrls: string[];
  /** Where Twilio posts the message's statuses (signed as its webhooks are). */
  statusCallback: string;
}

/** Twilio's Messages resource: `POST {api}/2010-04-01/Accounts/{AccountSid}/Messages.json`, basic auth. */
export function twilioRequest(endpoint: TwilioEndpoint, reply: TwilioReply): ProviderRequest {
  const base = endpoint.apiUrl.replace(/\/+$/, '');
  const form = new URLSearchParams({ To: reply.to, From: reply.from, StatusCallback: reply.statusCallback });
  if (reply.text) form.append('Body', reply.text);
  for (const url of reply.mediaUrls) form.append('MediaUrl', url);
  const credentials = Buffer.from(`${endpoint.accountSid}:${endpoint.authToken}`).toString('base64');
  return {
    url: `${base}/2010-04-01/Accounts/${encodeURIComponent(endpoint.accountSid)}/Messages.json`,
    headers: { authorization: `Basic ${credentials}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  };
}

/** The SID of an accepted message, or Twilio's error code and words. */
export function readTwilioAnswer(answer: ProviderAnswer): SendResult {
  const { statusCode, retryAfter, json } = answer;
  if (statusCode >= 200 && statusCode < 300) {
    const sid = isObject(json) && typeof json.sid === 'string' ? json.sid : undefined;
    return sid ? { statusCode, providerId: sid } : { statusCode, error: 'the answer named no message SID' };
  }
  const code =
    isObject(json) && (typeof json.code === 'number' || typeof json.code === 'string') ? String(json.code) : undefined;
  const message = isObject(json) && typeof json.message === 'string' ? json.message : answer.text.slice(0, 200);
  return {
    statusCode,
    ...(retryAfter ? { retryAfter } : {}),
    error: code ? `${code}: ${message}` : message,
    ...(code ? { errorCode: code } : {}),
  };
}
