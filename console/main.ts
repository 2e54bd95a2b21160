/**
 * The Cairn web console: a read-only view of the cluster, served by every
 * node under /ui. Pages are chosen by the address's hash (#/topics/orders),
 * so the node serves one page and the browser's back button works. When the
 * node has authentication on, a sign-in form comes first, and every page
 * shows what the signed-in user's ACLs allow.
 */
import './style.css';
import { html, render } from 'htm/preact';
import type { VNode } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ConsoleSession } from '../src/console/types.js';
import { sessionInfo, signOut, usePoll } from './api.js';
import { ErrorBox, Loading } from './format.js';
import { GroupPage, GroupsPage } from './pages/groups.js';
import { MessagesPage } from './pages/messages.js';
import { OverviewPage } from './pages/overview.js';
import { SignInPage } from './pages/sign-in.js';
import { PartitionPage, TopicPage, TopicsPage } from './pages/topics.js';
import { useSession } from './session.js';

function useHash(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const changed = (): void => setHash(location.hash);
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return hash;
}

/** The page for `#/path?query`; an unknown path shows the overview. */
function page(hash: string): { section: string; view: VNode } {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter((p) => p !== '').map(decodeURIComponent);
  const params = new URLSearchParams(search);
  const [first, second, third] = parts;
  if (first === 'topics' && second !== undefined && third !== undefined) {
    return { section: 'topics', view: html`<${PartitionPage} key=${hash} topic=${second} partition=${Number(third)} />` };
  }
  if (first === 'topics' && second !== undefined) return { section: 'topics', view: html`<${TopicPage} key=${hash} name=${second} />` };
  if (first === 'topics') return { section: 'topics', view: html`<${TopicsPage} key=${hash} internal=${params.get('internal') === 'true'} />` };
  if (first === 'groups' && second !== undefined) return { section: 'groups', view: html`<${GroupPage} key=${hash} id=${second} />` };
  if (first === 'groups') return { section: 'groups', view: html`<${GroupsPage} />` };
  // Keyed by the whole address: a new query starts a fresh form and read.
  if (first === 'messages') return { section: 'messages', view: html`<${MessagesPage} key=${hash} params=${params} />` };
  return { section: 'overview', view: html`<${OverviewPage} />` };
}

const SECTIONS = [
  ['overview', '#/', 'Overview'],
  ['topics', '#/topics', 'Topics'],
  ['groups', '#/groups', 'Consumer groups'],
  ['messages', '#/messages', 'Messages'],
] as const;

function Console({ user }: { user: string | undefined }): VNode {
  const { section, view } = page(useHash());
  return html`
    <header>
      <strong class="brand">Cairn</strong>
      <nav>${SECTIONS.map(([id, href, label]) => html`<a href=${href} class=${id === section ? 'active' : ''}>${label}</a>`)}</nav>
      <span class="muted">read-only</span>
      ${user === undefined
        ? null
        : html`<span class="user">Signed in as <strong data-testid="signed-in-user">${user}</strong></span>
            <button type="button" class="sign-out" onClick=${() => void signOut()}>Sign out</button>`}
    </header>
    <main>${view}</main>
  `;
}

function App(): VNode {
  const node = usePoll<ConsoleSession>(sessionInfo, 'session', 0);
  const { session, ended } = useSession();
  if (node.data === undefined) return html`<main><${ErrorBox} error=${node.error} />${node.error === undefined ? html`<${Loading} />` : null}</main>`;
  if (!node.data.authentication) return html`<${Console} user=${undefined} />`;
  if (session === undefined) {
    return html`<header><strong class="brand">Cairn</strong></header><main><${SignInPage} ended=${ended} /></main>`;
  }
  return html`<${Console} user=${session.user} />`;
}

render(html`<${App} />`, document.getElementById('app')!);
