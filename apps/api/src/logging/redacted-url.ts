/** Query parameters that carry secrets (Meta's handshake sends the verify token in the URL). */
const SECRET_PARAMS = /([?&](?:hub\.verify_token|hub%2Everify_token)=)[^&#]*/gi;

/** The URL as it may be logged. */
export function redactedUrl(url: string): string {
  return url.replace(SECRET_PARAMS, '$1[redacted]');
}
