/** The sign-in form, shown first when the node has authentication on. */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import { signIn } from '../api.js';

export function SignInPage({ ended }: { ended: string | undefined }): VNode {
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = (event: Event): void => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    // On success the session starts and the console replaces this form; the password is not kept.
    signIn(user, password).catch((failure: unknown) => {
      setError((failure as Error).message);
      setPassword('');
      setBusy(false);
    });
  };
  return html`
    <form class="sign-in" onSubmit=${submit} data-testid="sign-in">
      <h1>Sign in</h1>
      <p class="muted">This cluster requires authentication. Your ACLs decide what the console shows you.</p>
      ${ended === undefined ? null : html`<p class="notice" data-testid="session-ended">${ended}</p>`}
      ${error === undefined ? null : html`<p class="error" role="alert" data-testid="sign-in-error">${error}</p>`}
      <label>User <input name="user" autocomplete="username" required value=${user} onInput=${(e: Event) => setUser((e.target as HTMLInputElement).value)} /></label>
      <label>Password <input name="password" type="password" autocomplete="current-password" required value=${password} onInput=${(e: Event) => setPassword((e.target as HTMLInputElement).value)} /></label>
      <button type="submit" disabled=${busy}>${busy ? 'Signing in…' : 'Sign in'}</button>
    </form>
  `;
}
