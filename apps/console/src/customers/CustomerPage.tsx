import { useState, type ReactNode } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import type { ConsoleContext } from '../consoleContext';
import { MergeActions } from '../merges/MergeActions';
import { isSupervisor } from '../types';
import { useTitle } from '../useTitle';
import { AuditTimeline } from './AuditTimeline';
import { Conversations } from './Conversations';
import { CustomerAssets } from './CustomerAssets';
import { DetachDialog } from './DetachDialog';
import { IdentityGraph } from './IdentityGraph';
import { CHANNEL_MARKS, channelName, customerName, formatDateTime, identityLabel, plural } from './format';
import { MoveDialog } from './MoveDialog';
import type { ChannelKind, ConversationSummary, CustomerIdentity, CustomerProfile } from './types';
import { useCustomerData } from './useCustomerData';

/** `/customers/:customerId`, keyed by the id so that another customer starts from nothing shown. */
export function CustomerRoute({ context }: { context: ConsoleContext }) {
  const { customerId = '' } = useParams();
  return <CustomerPage key={customerId} context={context} customerId={customerId} />;
}

type Dialog =
  { kind: 'detach'; identity: CustomerIdentity } | { kind: 'move'; conversation: ConversationSummary } | null;

export function CustomerPage({ context, customerId }: { context: ConsoleContext; customerId: string }) {
  const navigate = useNavigate();
  const location = useLocation();
  const [mergedFrom, setMergedFrom] = useState<string | null>(
    () => (location.state as { mergedFrom?: string } | null)?.mergedFrom ?? null,
  );
  const data = useCustomerData(context, customerId, (survivorId) => {
    void navigate(`/customers/${survivorId}`, { replace: true, state: { mergedFrom: customerId } });
  });
  const [dialog, setDialog] = useState<Dialog>(null);
  const supervisor = isSupervisor(context.user);
  const { profile } = data;
  const customer = 'data' in profile ? profile.data : undefined;
  useTitle(customer ? customerName(customer) : 'Customer');

  if (profile.phase === 'not-found') {
    return (
      <section className="card" data-testid="customer-not-found">
        <p className="empty">
          No such customer in this tenant. <Link to="/customers">Search customers</Link>
        </p>
      </section>
    );
  }
  if (!customer) {
    return profile.phase === 'error' ? (
      <section className="card card-body">
        <div className="panel-alert panel-alert-flush">
          <p className="alert" role="alert">
            {profile.message}
          </p>
          <button className="button button-secondary" type="button" onClick={data.reload}>
            Try again
          </button>
        </div>
      </section>
    ) : (
      <section className="card" aria-busy="true">
        <p className="empty" role="status">
          Loading customer…
        </p>
      </section>
    );
  }

  const conversations = 'data' in data.conversations ? (data.conversations.data ?? []) : [];
  const closeDialog = (): void => setDialog(null);

  return (
    <div className="customer-page" data-testid="customer-page" data-customer-id={customer.id}>
      <MergedRedirectNotice state={mergedFrom} onDismiss={() => setMergedFrom(null)} />
      <CustomerHeader
        customer={customer}
        actions={
          <MergeActions
            context={context}
            customer={customer}
            onMerged={(survivorId) =>
              survivorId === customer.id
                ? data.reload()
                : void navigate(`/customers/${survivorId}`, { state: { mergedFrom: customer.id } })
            }
          />
        }
      />
      {profile.phase === 'error' ? (
        <p className="alert" role="alert">
          {profile.message}
        </p>
      ) : null}

      <div className="customer-grid">
        <div className="customer-side">
          <Identities
            customer={customer}
            canDetach={supervisor}
            onDetach={(identity) => setDialog({ kind: 'detach', identity })}
          />
          <ContactData customer={customer} />
          <CustomerAssets context={context} customer={customer} version={data.version} />
        </div>
        <Conversations
          context={context}
          customer={customer}
          state={data.conversations}
          messageVersions={data.messageVersions}
          onRetry={data.reload}
          onMove={supervisor ? (conversation) => setDialog({ kind: 'move', conversation }) : undefined}
        />
      </div>

      <IdentityGraph context={context} customer={customer} version={data.version} />

      {supervisor ? <AuditTimeline context={context} customer={customer} version={data.version} /> : null}

      {dialog?.kind === 'detach' ? (
        <DetachDialog
          context={context}
          customer={customer}
          identity={dialog.identity}
          conversations={conversations.filter((conversation) => conversation.identityId === dialog.identity.id)}
          onClose={closeDialog}
          onDetached={(newCustomerId) => {
            closeDialog();
            void navigate(`/customers/${newCustomerId}`);
          }}
        />
      ) : null}
      {dialog?.kind === 'move' ? (
        <MoveDialog
          context={context}
          customer={customer}
          conversation={dialog.conversation}
          onClose={closeDialog}
          onMoved={() => {
            closeDialog();
            data.reload();
          }}
        />
      ) : null}
    </div>
  );
}

function MergedRedirectNotice({ state, onDismiss }: { state: string | null; onDismiss: () => void }) {
  if (!state) return null;
  return (
    <div className="notice" role="status">
      <p>The customer you opened was merged into this one.</p>
      <button className="icon-button" type="button" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}

function CustomerHeader({ customer, actions }: { customer: CustomerProfile; actions: ReactNode }) {
  const named = Boolean(customer.name);
  return (
    <section className="card customer-header" aria-labelledby="customer-name">
      <div className="customer-title">
        <h1 id="customer-name" data-testid="customer-name" className={named ? undefined : 'unnamed'}>
          {customerName(customer)}
        </h1>
        <span className={`kind kind-${customer.kind}`} data-testid="customer-kind">
          {customer.kind === 'member' ? 'Member' : 'Contact'}
        </span>
        {actions}
      </div>
      <dl className="facts">
        <div>
          <dt>Customer since</dt>
          <dd>{formatDateTime(customer.createdAt)}</dd>
        </div>
        <div>
          <dt>Last active</dt>
          <dd>{formatDateTime(customer.lastActiveAt)}</dd>
        </div>
        <div>
          <dt>Id</dt>
          <dd>
            <code>{customer.id}</code>
          </dd>
        </div>
      </dl>
    </section>
  );
}

interface IdentitiesProps {
  customer: CustomerProfile;
  canDetach: boolean;
  onDetach: (identity: CustomerIdentity) => void;
}

/** The customer's identities, grouped by channel kind. */
function Identities({ customer, canDetach, onDetach }: IdentitiesProps) {
  const groups = new Map<ChannelKind, CustomerIdentity[]>();
  for (const identity of customer.identities) {
    groups.set(identity.kind, [...(groups.get(identity.kind) ?? []), identity]);
  }
  const only = customer.identities.length <= 1;

  return (
    <section className="card" aria-labelledby="identities-title" data-testid="identities">
      <div className="card-header">
        <h2 id="identities-title">Identities</h2>
        <span className="muted small">{plural(customer.identities.length, 'identity', 'identities')}</span>
      </div>
      {customer.identities.length === 0 ? <p className="empty">No identities</p> : null}
      {[...groups].map(([kind, identities]) => (
        <div key={kind} className="identity-group" data-testid="identity-group" data-kind={kind}>
          <h3 className="group-title">
            <span className={`channel-mark channel-${kind}`} aria-hidden="true">
              {CHANNEL_MARKS[kind]}
            </span>
            {channelName(kind)}
          </h3>
          <ul className="plain identity-list">
            {identities.map((identity) => (
              <li key={identity.id} className="identity" data-testid="identity" data-identity-id={identity.id}>
                <div className="identity-main">
                  <span className="identity-address">{identityLabel(identity)}</span>
                  {identity.unusableAddress ? (
                    <span
                      className="badge badge-muted"
                      title="The provider's sender is not a usable phone number or email: its messages are kept here and it never joins another customer"
                    >
                      unusable address
                    </span>
                  ) : identity.anonymous ? (
                    <span className="badge badge-muted">anonymous</span>
                  ) : identity.unverified ? (
                    <span
                      className="badge badge-warning"
                      data-testid="unverified-badge"
                      title="The sender did not prove it owns this address (no valid email signature, or a connector not trusted): it joined no one, and a suggestion links it to the customer holding the address"
                    >
                      unverified
                    </span>
                  ) : null}
                  {identity.profileName ? (
                    <span className="muted small" title="The name the provider reported">
                      “{identity.profileName}”
                    </span>
                  ) : null}
                  <span className="muted small">{plural(identity.conversationCount, 'conversation')}</span>
                </div>
                {canDetach ? (
                  <button
                    className="button button-small button-secondary"
                    type="button"
                    disabled={only}
                    title={only ? 'A customer’s only identity cannot be detached' : undefined}
                    aria-label={`Detach ${identityLabel(identity)}`}
                    data-testid="detach-button"
                    onClick={() => onDetach(identity)}
                  >
                    Detach
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

function ContactData({ customer }: { customer: CustomerProfile }) {
  return (
    <section className="card" aria-labelledby="contact-title" data-testid="contact-data">
      <div className="card-header">
        <h2 id="contact-title">Contact data</h2>
      </div>
      <div className="card-body">
        <dl className="fields">
          <dt>Contacts</dt>
          <dd>
            {customer.contactData.length === 0 ? (
              <span className="muted">none</span>
            ) : (
              <ul className="plain">
                {customer.contactData.map((contact) => (
                  <li key={`${contact.type}:${contact.value}`} data-testid="contact-datum">
                    <span className="muted small">{contact.type}</span> {contact.display ?? contact.value}
                    {contact.grantsAccess ? <span className="badge">grants access</span> : null}
                  </li>
                ))}
              </ul>
            )}
          </dd>
          <dt>Unique identifiers</dt>
          <dd>
            {customer.uniqueIdentifiers.length === 0 ? (
              <span className="muted">none</span>
            ) : (
              <ul className="plain">
                {customer.uniqueIdentifiers.map((identifier) => (
                  <li key={`${identifier.type}:${identifier.value}`} data-testid="unique-identifier">
                    <span className="muted small">{identifier.type}</span> {identifier.value}
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </dl>
      </div>
    </section>
  );
}
