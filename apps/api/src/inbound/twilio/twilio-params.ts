/**
 * The form parameters exactly as Twilio sent them, read from the raw body: Twilio signs the flat names and values,
 * which the api's extended form parser would reshape (`a[b]=1` becomes nested), so the api keeps this route's form as
 * bytes (body-parsers.ts) and this is its only parse.
 */
export function twilioParams(rawBody: Buffer | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  if (!rawBody) return params;
  for (const [name, value] of new URLSearchParams(rawBody.toString('utf8'))) params[name] = value;
  return params;
}
