import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { ConsoleContext } from '../consoleContext';
import { useTitle } from '../useTitle';
import { CustomerSearch } from './CustomerSearch';

/**
 * `/customers?q=…`: the query is copied into the address, so that a search can be shared, reloaded or gone back to.
 * The box owns what is typed (an address change per keystroke would lose fast keystrokes).
 */
export function CustomerSearchPage({ context }: { context: ConsoleContext }) {
  useTitle('Customers');
  const [params, setParams] = useSearchParams();
  const [query, setQuery] = useState(() => params.get('q') ?? '');

  useEffect(() => {
    setParams(query ? { q: query } : {}, { replace: true });
  }, [query, setParams]);

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
          onQueryChange={setQuery}
          autoFocus
        />
      </div>
    </section>
  );
}
