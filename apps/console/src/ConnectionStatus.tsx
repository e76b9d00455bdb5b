import type { ConnectionState } from './useRealtime';

const LABELS: Record<ConnectionState, string> = {
  live: 'Live',
  connecting: 'Connecting…',
  offline: 'Offline',
};

export function ConnectionStatus({ state }: { state: ConnectionState }) {
  return (
    <span
      className={`status status-${state}`}
      data-testid="connection-status"
      data-state={state}
      role="status"
      title="Real-time updates"
    >
      <span className="status-dot" aria-hidden="true" />
      {LABELS[state]}
    </span>
  );
}
