import { isUnauthorized } from '../api';
import { fetchCustomer } from './api';
import type { CustomerProfile, SuggestionCustomer } from './types';

export interface DirectorySnapshot {
  profiles: ReadonlyMap<string, CustomerProfile>;
  /** Names learnt from profiles and suggestion lists, kept after a customer is merged away. */
  names: ReadonlyMap<string, string>;
}

/** How a customer is called on screen: the name, else an address it writes from, else a short id. */
export function customerLabel(id: string, snapshot: DirectorySnapshot): string {
  const name = snapshot.names.get(id);
  if (name) return name;
  const identity = snapshot.profiles.get(id)?.identities.find((candidate) => !candidate.anonymous);
  const address = identity?.displayAddress ?? identity?.address;
  return address ?? `Customer …${id.slice(-6)}`;
}

/**
 * The profiles the suggestions talk about, fetched once each and fetched again when the customer changes. Lives as
 * long as the signed-in page.
 */
export class CustomerDirectory {
  private readonly profiles = new Map<string, CustomerProfile>();
  private readonly names = new Map<string, string>();
  private readonly loading = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private controller = new AbortController();
  private snapshot: DirectorySnapshot = { profiles: new Map(), names: new Map() };

  constructor(
    private readonly token: string,
    private readonly onUnauthorized: () => void,
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): DirectorySnapshot => this.snapshot;

  /** Fetches the profile unless it is known or on its way. */
  load(id: string): void {
    if (this.profiles.has(id)) return;
    this.fetch(id);
  }

  /** The customer changed: fetch it again if it is shown. */
  refresh(id: string): void {
    if (this.profiles.has(id)) this.fetch(id);
  }

  remember(customers: readonly SuggestionCustomer[]): void {
    let changed = false;
    for (const customer of customers) {
      if (customer.name && this.names.get(customer.id) !== customer.name) {
        this.names.set(customer.id, customer.name);
        changed = true;
      }
    }
    if (changed) this.publish();
  }

  /** Fetches from now on; the returned function cancels what is on its way (the page went away). */
  activate(): () => void {
    const controller = new AbortController();
    this.controller = controller;
    return () => {
      controller.abort();
      this.loading.clear();
    };
  }

  private fetch(id: string): void {
    if (this.loading.has(id) || this.controller.signal.aborted) return;
    this.loading.add(id);
    const { signal } = this.controller;
    fetchCustomer(this.token, id, signal)
      .then(
        (profile) => {
          // A merged-away id answers with its survivor: that is not the customer asked for.
          if (signal.aborted || profile.id !== id) return;
          this.profiles.set(id, profile);
          if (profile.name) this.names.set(id, profile.name);
          this.publish();
        },
        (error: unknown) => {
          if (isUnauthorized(error)) this.onUnauthorized();
          // Otherwise the suggestion shows what its list entry knows.
        },
      )
      .finally(() => {
        if (!signal.aborted) this.loading.delete(id);
      });
  }

  private publish(): void {
    this.snapshot = { profiles: new Map(this.profiles), names: new Map(this.names) };
    for (const listener of this.listeners) listener();
  }
}
