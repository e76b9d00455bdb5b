/**
 * Twilio's webhook connection overrides, carried in the URL fragment of every Twilio URL we hand out (the inbound
 * webhook of an SMS channel, the `StatusCallback` of a reply). By default Twilio does not retry a 5xx of an SMS
 * webhook: a `503 queue_unavailable` during a Redis outage would lose the message. With these it retries up to
 * `rc` times on a connect timeout (`ct`), a read timeout (`rt`) or a 5xx, within `tt` ms in all (Twilio's ceiling,
 * 15 s). Timeouts in ms: an acknowledgement takes milliseconds, so a 5 s read timeout leaves room for the retries.
 * 4xx are not retried: a refused signature stays refused.
 */
export const TWILIO_CONNECTION_OVERRIDES = 'rc=5&rp=ct,rt,5xx&ct=2000&rt=5000&tt=15000';

/** The URL Twilio is to call, with the overrides as its fragment (any fragment it had is replaced). */
export function withTwilioConnectionOverrides(url: string): string {
  const hash = url.indexOf('#');
  return `${hash === -1 ? url : url.slice(0, hash)}#${TWILIO_CONNECTION_OVERRIDES}`;
}

/**
 * The URLs a Twilio signature may have been computed over, given the URL a request reached (a fragment is never
 * sent over HTTP): that URL, and that URL with the overrides we handed out. Twilio strips the fragment before it
 * signs, as far as its users report; its own helper library signs whatever URL it is given, fragment included. Both
 * are signed with the channel's secret, so accepting either lets no one else in.
 */
export function twilioSignedUrlCandidates(receivedUrl: string): string[] {
  return [receivedUrl, withTwilioConnectionOverrides(receivedUrl)];
}
