/** A panel's failure in words, with a way to try again. */
export function RetryAlert({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div className="panel-alert">
      <p className="alert" role="alert">
        {message}
      </p>
      <button className="button button-secondary" type="button" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
