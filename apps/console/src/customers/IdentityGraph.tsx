import { useEffect, useId, useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { isUnauthorized, messageOf } from '../api';
import type { ConsoleContext } from '../consoleContext';
import { CHANNEL_MARKS, channelName, customerName, formatDateTime, identityLabel, plural } from './format';
import { layoutGraph, type Point } from './graphLayout';
import { fetchLineage, relationInWords, type CustomerLineage, type LineageEntry } from './lineage';
import type { ChannelKind, CustomerIdentity, CustomerProfile } from './types';
import type { Loaded } from './useCustomerData';
import { RetryAlert } from '../RetryAlert';

interface IdentityGraphProps {
  context: ConsoleContext;
  customer: CustomerProfile;
  /** Bumped by every live change of the customer: the lineage is fetched again. */
  version: number;
}

type Selected =
  | { kind: 'customer' }
  | { kind: 'channel'; channelId: string }
  | { kind: 'identity'; identity: CustomerIdentity }
  | { kind: 'profile'; entry: LineageEntry };

const LABEL_LENGTH = 24;
const short = (text: string, length = LABEL_LENGTH): string =>
  text.length > length ? `${text.slice(0, length - 1)}…` : text;
const profileName = (entry: LineageEntry): string => entry.profile.name ?? `Customer …${entry.profile.id.slice(-6)}`;
const firstAddress = (entry: LineageEntry): string | undefined =>
  entry.identities.find((identity) => identity.displayAddress)?.displayAddress ?? undefined;
const dateOnly = (at: string): string => formatDateTime(at).replace(/,? \d{1,2}:\d{2}.*$/, '');
const initials = (name: string): string =>
  name
    .split(/\s+/)
    .filter((word) => /^\p{L}/u.test(word))
    .slice(0, 2)
    .map((word) => word[0].toUpperCase())
    .join('') || '?';
const RELATION_MARKS = { merged_in: 'merged in', detached: 'split off', detached_from: 'split from' } as const;

/**
 * A picture of the customer: its channels and identities, and the profiles merged into it or split from it, with
 * when and who. Every node is reachable by keyboard: a profile that is a customer of its own opens its page, the
 * others (the customer, a channel, an identity, a profile merged into this one) open their details below.
 */
export function IdentityGraph({ context, customer, version }: IdentityGraphProps) {
  const { token, onUnauthorized } = context;
  const [state, setState] = useState<Loaded<CustomerLineage>>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [selected, setSelected] = useState<Selected | null>(null);
  const titleId = useId();
  const descId = useId();

  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ phase: 'loading', data: previous.data }));
    fetchLineage(token, customer.id, controller.signal).then(
      (lineage) => setState({ phase: 'ready', data: lineage }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (isUnauthorized(error)) onUnauthorized();
        const message = messageOf(error, 'The identity graph could not be loaded.');
        setState((previous) => ({ phase: 'error', message, data: previous.data }));
      },
    );
    return () => controller.abort();
  }, [token, customer.id, version, attempt, onUnauthorized]);

  const entries = state.data?.entries ?? [];
  const layout = useMemo(
    () =>
      layoutGraph({
        identities: customer.identities.map((identity) => ({ id: identity.id, channelId: identity.channelId })),
        profiles: entries.map((entry) => ({ id: entry.operationId + entry.profile.id })),
      }),
    [customer.identities, entries],
  );
  const channelLabel = (channelId: string, kind: ChannelKind): string =>
    state.data?.channels.find((channel) => channel.id === channelId)?.name ?? channelName(kind);
  const channelKinds = new Map(customer.identities.map((identity) => [identity.channelId, identity.kind]));
  const name = customerName(customer);

  return (
    <section className="card" aria-labelledby="identity-graph-title" data-testid="identity-graph">
      <div className="card-header">
        <h2 id="identity-graph-title">Identity graph</h2>
        <span className="muted small" aria-live="polite">
          {state.phase === 'loading' && !state.data
            ? 'Loading…'
            : `${plural(customer.identities.length, 'identity', 'identities')} · ${plural(entries.length, 'merge or split', 'merges and splits')}`}
        </span>
      </div>
      {state.phase === 'error' ? <RetryAlert message={state.message} onRetry={() => setAttempt((n) => n + 1)} /> : null}
      <div className="graph-frame">
        <svg
          className="graph"
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          role="group"
          aria-labelledby={titleId}
          aria-describedby={descId}
        >
          <title id={titleId}>{`Identity graph of ${name}`}</title>
          <desc id={descId}>
            {`${name} has ${plural(customer.identities.length, 'identity', 'identities')} on ${plural(layout.channels.size, 'channel')}. ` +
              (entries.length === 0
                ? 'No profile was merged into it or split from it.'
                : entries
                    .map((entry) => `${profileName(entry)}: ${relationInWords(entry)} on ${formatDateTime(entry.at)}`)
                    .join('. '))}
          </desc>
          {[...layout.channels].map(([channelId, point]) => (
            <Edge key={`e-${channelId}`} from={layout.center} to={point} />
          ))}
          {customer.identities.map((identity) => (
            <Edge
              key={`e-${identity.id}`}
              from={layout.channels.get(identity.channelId) ?? layout.center}
              to={layout.identities.get(identity.id) ?? layout.center}
            />
          ))}
          {entries.map((entry) => (
            <Edge
              key={`e-${entry.operationId}-${entry.profile.id}`}
              from={layout.center}
              to={layout.profiles.get(entry.operationId + entry.profile.id) ?? layout.center}
              label={`${RELATION_MARKS[entry.relation]} ${dateOnly(entry.at)}`}
              dashed={entry.relation !== 'merged_in' || entry.undoneAt !== null}
            />
          ))}

          <Node
            point={layout.center}
            kind="customer"
            radius={30}
            label={short(name)}
            mark={initials(name)}
            description={`${name}, this customer`}
            onSelect={() => setSelected({ kind: 'customer' })}
          />
          {[...layout.channels].map(([channelId, point]) => {
            const kind = channelKinds.get(channelId) ?? 'api';
            return (
              <Node
                key={channelId}
                point={point}
                kind="channel"
                channelKind={kind}
                radius={18}
                label={short(channelLabel(channelId, kind))}
                mark={CHANNEL_MARKS[kind]}
                description={`Channel ${channelLabel(channelId, kind)} (${channelName(kind)})`}
                onSelect={() => setSelected({ kind: 'channel', channelId })}
              />
            );
          })}
          {customer.identities.map((identity) => (
            <Node
              key={identity.id}
              point={layout.identities.get(identity.id) ?? layout.center}
              kind="identity"
              channelKind={identity.kind}
              radius={12}
              label={short(identityLabel(identity))}
              labelSide="left"
              description={`${channelName(identity.kind)} identity ${identityLabel(identity)}`}
              onSelect={() => setSelected({ kind: 'identity', identity })}
            />
          ))}
          {entries.map((entry) => {
            const key = entry.operationId + entry.profile.id;
            const gone = entry.profile.mergedInto !== null;
            const description = `${profileName(entry)}: ${relationInWords(entry)} on ${formatDateTime(entry.at)}${entry.actor.name ? ` by ${entry.actor.name}` : ''}`;
            return (
              <Node
                key={key}
                point={layout.profiles.get(key) ?? layout.center}
                kind="profile"
                relation={entry.relation}
                radius={16}
                label={short(profileName(entry))}
                sublabel={short(
                  [gone ? 'merged away' : 'customer', firstAddress(entry)].filter(Boolean).join(' · '),
                  30,
                )}
                labelSide="right"
                muted={gone}
                description={description}
                href={gone && entry.profile.mergedInto === customer.id ? undefined : `/customers/${entry.profile.id}`}
                onSelect={() => setSelected({ kind: 'profile', entry })}
              />
            );
          })}
        </svg>
      </div>
      {selected ? (
        <NodeDetails
          selected={selected}
          customer={customer}
          lineage={state.data}
          channelLabel={channelLabel}
          onClose={() => setSelected(null)}
        />
      ) : (
        <p className="muted small graph-hint">
          Select a node to see its details; a customer of its own opens its page.
        </p>
      )}
    </section>
  );
}

function Edge({ from, to, label, dashed }: { from: Point; to: Point; label?: string; dashed?: boolean }) {
  return (
    <g className="graph-edge" aria-hidden="true">
      <line x1={from.x} y1={from.y} x2={to.x} y2={to.y} strokeDasharray={dashed ? '5 4' : undefined} />
      {label ? (
        <text x={(from.x * 2 + to.x * 3) / 5} y={(from.y * 2 + to.y * 3) / 5 - 6} textAnchor="middle">
          {label}
        </text>
      ) : null}
    </g>
  );
}

interface NodeProps {
  point: Point;
  kind: 'customer' | 'channel' | 'identity' | 'profile';
  channelKind?: ChannelKind;
  relation?: LineageEntry['relation'];
  radius: number;
  label: string;
  sublabel?: string;
  mark?: string;
  labelSide?: 'left' | 'right' | 'below';
  muted?: boolean;
  description: string;
  /** A node with an address opens it; the others show their details. */
  href?: string;
  onSelect: () => void;
}

function Node(props: NodeProps) {
  const { point, kind, channelKind, relation, radius, label, sublabel, mark, labelSide = 'below', muted } = props;
  const navigate = useNavigate();
  const { href, onSelect, description } = props;
  const text =
    labelSide === 'below'
      ? { x: point.x, y: point.y + radius + 15, anchor: 'middle' as const }
      : {
          x: point.x + (labelSide === 'left' ? -radius - 6 : radius + 6),
          y: point.y + 4,
          anchor: labelSide === 'left' ? ('end' as const) : ('start' as const),
        };
  const shape: ReactNode = (
    <>
      <circle cx={point.x} cy={point.y} r={radius} />
      {mark ? (
        <text className="graph-mark" x={point.x} y={point.y + 4} textAnchor="middle">
          {mark}
        </text>
      ) : null}
      <text className="graph-label" x={text.x} y={text.y} textAnchor={text.anchor}>
        {label}
      </text>
      {sublabel ? (
        <text className="graph-sublabel" x={text.x} y={text.y + 14} textAnchor={text.anchor}>
          {sublabel}
        </text>
      ) : null}
    </>
  );
  const className = `graph-node graph-${kind}${channelKind ? ` graph-channel-${channelKind}` : ''}${muted ? ' graph-muted' : ''}`;
  const data = { 'data-testid': 'graph-node', 'data-kind': kind, 'data-relation': relation };
  if (href) {
    return (
      <a
        className={className}
        href={href}
        aria-label={`${description}. Open`}
        onClick={(event) => {
          event.preventDefault();
          void navigate(href);
        }}
        {...data}
      >
        <title>{description}</title>
        {shape}
      </a>
    );
  }
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect();
    }
  };
  return (
    <g
      className={className}
      role="button"
      tabIndex={0}
      aria-label={description}
      onClick={onSelect}
      onKeyDown={onKeyDown}
      {...data}
    >
      <title>{description}</title>
      {shape}
    </g>
  );
}

interface NodeDetailsProps {
  selected: Selected;
  customer: CustomerProfile;
  lineage?: CustomerLineage;
  channelLabel: (channelId: string, kind: ChannelKind) => string;
  onClose: () => void;
}

/** The details of the selected node; for a profile merged into this one, its tombstone: what it was and brought. */
function NodeDetails({ selected, customer, lineage, channelLabel, onClose }: NodeDetailsProps) {
  let title: string;
  let body: ReactNode;
  switch (selected.kind) {
    case 'customer':
      title = customerName(customer);
      body = (
        <p>
          {customer.kind === 'member' ? 'Member' : 'Contact'} since {formatDateTime(customer.createdAt)}, with{' '}
          {plural(customer.identities.length, 'identity', 'identities')} and{' '}
          {plural(lineage?.entries.length ?? 0, 'merge or split', 'merges and splits')}.
        </p>
      );
      break;
    case 'channel': {
      const identities = customer.identities.filter((identity) => identity.channelId === selected.channelId);
      const kind = identities[0]?.kind ?? 'api';
      title = `${channelLabel(selected.channelId, kind)} (${channelName(kind)})`;
      body = <p>{identities.map(identityLabel).join(', ')}</p>;
      break;
    }
    case 'identity': {
      const { identity } = selected;
      title = identityLabel(identity);
      body = (
        <p>
          {channelName(identity.kind)} through {channelLabel(identity.channelId, identity.kind)}
          {identity.profileName ? `, profile name “${identity.profileName}”` : ''}
          {identity.anonymous ? ', anonymous' : ''} · {plural(identity.conversationCount, 'conversation')}
        </p>
      );
      break;
    }
    case 'profile': {
      const { entry } = selected;
      title = profileName(entry);
      body = (
        <>
          <p>
            {relationInWords(entry)} on {formatDateTime(entry.at)} by {entry.actor.name ?? 'a user no longer here'}
            {entry.undoneAt ? `; undone on ${formatDateTime(entry.undoneAt)}` : ''}.
            {entry.profile.mergedInto === customer.id ? ' Its id now leads to this customer.' : ''}
          </p>
          {entry.reason ? <p>Reason: {entry.reason}</p> : null}
          <p>
            {entry.relation === 'merged_in' ? 'Brought' : 'Moved'}:{' '}
            {entry.identities
              .map(
                (identity) =>
                  `${channelName(identity.kind)} ${identityLabel({ ...identity, displayAddress: identity.displayAddress ?? undefined })}`,
              )
              .join(', ') || 'no identity'}
          </p>
        </>
      );
      break;
    }
  }
  return (
    <div className="graph-details" data-testid="graph-details" role="region" aria-label={`Details of ${title}`}>
      <div className="graph-details-head">
        <h3>{title}</h3>
        <button className="icon-button" type="button" aria-label="Close details" onClick={onClose}>
          ×
        </button>
      </div>
      {body}
    </div>
  );
}
