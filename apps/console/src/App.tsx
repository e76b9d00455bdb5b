import { useCallback, useEffect, useState } from 'react';
import { useLocation, useNavigate, type Location, type NavigateFunction } from 'react-router';
import type { SessionRevokedReason } from '@app/realtime';
import { fetchMe, isUnauthorized, logout, messageOf } from './api';
import { HomePage } from './HomePage';
import { LoginPage } from './LoginPage';
import { clearToken, readToken, storeToken } from './session';
import { REVOKED_NOTICES } from './sessionNotices';
import type { CurrentUser, LoginResponse } from './types';

type Session =
  | { phase: 'checking'; token: string }
  | { phase: 'signed-out'; notice?: string }
  | { phase: 'signed-in'; token: string; user: CurrentUser }
  | { phase: 'unreachable'; token: string; message: string };

const SESSION_EXPIRED = 'Your session has ended. Please sign in again.';

function initialSession(): Session {
  const token = readToken();
  return token ? { phase: 'checking', token } : { phase: 'signed-out' };
}

/** Where to go after signing in: the console page the address named before (`/login?next=…`), else the inbox. */
function nextOf(location: Location): string {
  const next = new URLSearchParams(location.search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/**
 * Keeps the address bar honest: signed out, the sign-in page lives at `/` or `/login` (remembering the page asked
 * for in `next`); signed in, `/login` leads on to that page.
 */
function syncLocation(session: Session, location: Location, navigate: NavigateFunction): void {
  const path = location.pathname;
  if (session.phase === 'signed-in' && path === '/login') {
    void navigate(nextOf(location), { replace: true });
  } else if (session.phase === 'signed-out' && path !== '/' && path !== '/login') {
    const next = `${path}${location.search}`;
    void navigate(`/login?next=${encodeURIComponent(next)}`, { replace: true });
  }
}

export function App() {
  const [session, setSession] = useState<Session>(initialSession);
  const location = useLocation();
  const navigate = useNavigate();

  // A stored token is only trusted once the api recognises it.
  const checkingToken = session.phase === 'checking' ? session.token : null;
  useEffect(() => {
    if (!checkingToken) return;
    const controller = new AbortController();
    fetchMe(checkingToken, controller.signal).then(
      (user) => setSession({ phase: 'signed-in', token: checkingToken, user }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (isUnauthorized(error)) {
          clearToken();
          setSession({ phase: 'signed-out', notice: SESSION_EXPIRED });
        } else {
          const message = messageOf(error, 'The console could not load your account.');
          setSession({ phase: 'unreachable', token: checkingToken, message });
        }
      },
    );
    return () => controller.abort();
  }, [checkingToken]);

  useEffect(() => {
    syncLocation(session, location, navigate);
  }, [session, location, navigate]);

  useEffect(() => {
    if (session.phase !== 'signed-in') document.title = 'Sign in · Contact Center';
  }, [session.phase]);

  const handleSignedIn = useCallback((response: LoginResponse) => {
    storeToken(response.accessToken);
    setSession({ phase: 'signed-in', token: response.accessToken, user: response.user });
  }, []);

  const signedInToken = session.phase === 'signed-in' ? session.token : null;
  const signOut = useCallback(() => {
    // The server ends the token too; signing out here does not wait for it, nor fail with it.
    if (signedInToken) logout(signedInToken).catch(() => undefined);
    clearToken();
    setSession({ phase: 'signed-out' });
    void navigate('/');
  }, [navigate, signedInToken]);

  const sessionEnded = useCallback(() => {
    clearToken();
    setSession({ phase: 'signed-out', notice: SESSION_EXPIRED });
  }, []);

  const sessionRevoked = useCallback((reason: SessionRevokedReason) => {
    clearToken();
    setSession({ phase: 'signed-out', notice: REVOKED_NOTICES[reason] });
  }, []);

  switch (session.phase) {
    case 'checking':
      return (
        <main className="splash" aria-busy="true">
          <p className="muted" role="status">
            Loading…
          </p>
        </main>
      );
    case 'unreachable':
      return (
        <main className="auth">
          <section className="card auth-card" aria-labelledby="unreachable-title">
            <h1 id="unreachable-title">Contact Center</h1>
            <p className="alert" role="alert">
              {session.message}
            </p>
            <div className="actions">
              <button
                className="button button-primary"
                type="button"
                onClick={() => setSession({ phase: 'checking', token: session.token })}
              >
                Try again
              </button>
              <button className="button button-secondary" type="button" onClick={signOut}>
                Sign out
              </button>
            </div>
          </section>
        </main>
      );
    case 'signed-in':
      return (
        <HomePage
          key={session.token}
          token={session.token}
          user={session.user}
          onSignOut={signOut}
          onUnauthorized={sessionEnded}
          onSessionRevoked={sessionRevoked}
        />
      );
    case 'signed-out':
      return <LoginPage onSignedIn={handleSignedIn} notice={session.notice} />;
  }
}
