import type { MergedNotice } from './useMergedNotices';

interface MergedNoticesProps {
  notices: MergedNotice[];
  label: (customerId: string) => string;
  onDismiss: (mergeId: string) => void;
}

/** "Merged" notices; the region is always there so that screen readers announce what is added to it. */
export function MergedNotices({ notices, label, onDismiss }: MergedNoticesProps) {
  return (
    <div className="notices" role="status" aria-live="polite" aria-relevant="additions">
      {notices.map((notice) => (
        <div key={notice.mergeId} className="notice merged-notice" data-testid="merged-notice">
          <p>
            <strong>Merged:</strong> {notice.victimIds.map(label).join(', ')} into {label(notice.survivorId)}
          </p>
          <button
            className="icon-button"
            type="button"
            aria-label="Dismiss"
            title="Dismiss"
            onClick={() => onDismiss(notice.mergeId)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
