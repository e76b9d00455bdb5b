/** An error smtp-server sends to the client with this reply code. */
export function smtpReply(responseCode: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode });
}
