/**
 * How many SMTP connections each remote address holds, and whether it may open another: at most `limit` at once. An
 * IPv4 client seen on a dual-stack socket (`::ffff:192.0.2.1`) is the same client as `192.0.2.1`.
 */
export class ConnectionsPerAddress {
  private readonly open = new Map<string, number>();

  constructor(private readonly limit: number) {}

  /** Counts the connection and answers true, or answers false (and counts nothing) when the address is at its limit. */
  admit(remoteAddress: string): boolean {
    const address = clientAddress(remoteAddress);
    const held = this.open.get(address) ?? 0;
    if (held >= this.limit) return false;
    this.open.set(address, held + 1);
    return true;
  }

  /** An admitted connection closed. */
  release(remoteAddress: string): void {
    const address = clientAddress(remoteAddress);
    const held = this.open.get(address) ?? 0;
    if (held <= 1) this.open.delete(address);
    else this.open.set(address, held - 1);
  }

  held(remoteAddress: string): number {
    return this.open.get(clientAddress(remoteAddress)) ?? 0;
  }
}

export function clientAddress(remoteAddress: string): string {
  const address = remoteAddress.toLowerCase();
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice('::ffff:'.length) : address;
}
