import { useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, login, messageOf } from './api';
import type { LoginResponse } from './types';

interface LoginPageProps {
  onSignedIn: (response: LoginResponse) => void;
  /** Shown above the form, e.g. after the session expired. */
  notice?: string;
}

const badCredentials = (error: unknown): boolean => error instanceof ApiError && error.code === 'invalid_credentials';

function messageFor(error: unknown): string {
  if (badCredentials(error)) return 'Incorrect email or password. Please try again.';
  if (error instanceof ApiError && error.code === 'account_deactivated') {
    return 'Your account has been deactivated. Ask an admin to reactivate it.';
  }
  return messageOf(error, 'Something went wrong. Please try again.');
}

export function LoginPage({ onSignedIn, notice }: LoginPageProps) {
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const emailId = useId();
  const passwordId = useId();
  const errorId = useId();

  async function handleSubmit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (submitting) return;
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    if (email.length === 0 || password.length === 0) {
      setError('Enter your email and password.');
      return;
    }

    setSubmitting(true);
    setError(null);
    try {
      const response = await login(email, password);
      onSignedIn(response);
    } catch (caught) {
      setError(messageFor(caught));
      setSubmitting(false);
      if (badCredentials(caught)) passwordRef.current?.select();
    }
  }

  return (
    <main className="auth">
      <section className="card auth-card" aria-labelledby="auth-title">
        <div className="auth-brand">
          <span className="logo" aria-hidden="true">
            CC
          </span>
          <h1 id="auth-title">Contact Center</h1>
        </div>
        <p className="muted auth-subtitle">Sign in to the agent console</p>

        {notice && !error ? (
          <p className="notice" role="status">
            {notice}
          </p>
        ) : null}

        <form
          className="form"
          method="post"
          noValidate
          aria-describedby={error ? errorId : undefined}
          onSubmit={(event) => void handleSubmit(event)}
        >
          <div className="field">
            <label htmlFor={emailId}>Email</label>
            <input
              id={emailId}
              name="email"
              type="email"
              autoComplete="username"
              inputMode="email"
              spellCheck={false}
              required
              autoFocus
            />
          </div>
          <div className="field">
            <label htmlFor={passwordId}>Password</label>
            <input
              id={passwordId}
              ref={passwordRef}
              name="password"
              type="password"
              autoComplete="current-password"
              required
            />
          </div>

          {error ? (
            <p id={errorId} className="alert" role="alert">
              {error}
            </p>
          ) : null}

          <button
            className="button button-primary button-block"
            type="submit"
            disabled={submitting}
            aria-busy={submitting}
          >
            Sign in
          </button>
        </form>
      </section>
    </main>
  );
}
