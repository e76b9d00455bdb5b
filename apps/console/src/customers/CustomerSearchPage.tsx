import { useSearchParams } from 'react-router';
import type { ConsoleContext } from '../consoleContext';
import { useTitle } from '../useTitle';
import { CustomerSearch } from './CustomerSearch';

/** `/customers?q=…`: the query lives in the address, so that a search can be shared, reloaded or gone back to. */
export function CustomerSearchPage({ context }: { context: ConsoleContext }) {
  useTitle('Customers');
  const [params, setParams] = useSearchParams();
  const query = params.get('q') ?? '';

  return (
    <section className="card" aria-labelledby="customers-title">
      <div className="card-header">
        <h2 id="customers-title">Find a customer</h2>
      </div>
      <div className="card-body">
        <CustomerSearch
          token={context.token}
          onUnauthorized={context.onUnauthorized}
          query={query}
          onQueryChange={(next) => setParams(next ? { q: next } : {}, { replace: true })}
          autoFocus
        />
      </div>
    </section>
  );
}
