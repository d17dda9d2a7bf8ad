// The dashboard app: sign-in, the frame (navigation, live indicator, who is signed in) and a hash router that
// gives each page a context whose listeners and timers end when the user leaves the page.
import { h, fill } from './dom.js';
import { createApi, ApiError } from './api.js';
import { createStream } from './stream.js';
import { notice } from './ui.js';
import overview from './pages/overview.js';
import endpoints from './pages/endpoints.js';
import queries from './pages/queries.js';
import errors from './pages/errors.js';
import system from './pages/system.js';
import alerts from './pages/alerts.js';
import optimizer from './pages/optimizer.js';
import dependencies from './pages/dependencies.js';
import vitals from './pages/vitals.js';
import plugins from './pages/plugins.js';
import traces from './pages/traces.js';
import trends from './pages/trends.js';

const PAGES = [overview, endpoints, queries, traces, errors, system, alerts, trends, optimizer, dependencies, vitals,
  plugins];
const TOKEN_KEY = 'vigil.token';
const root = document.getElementById('app');
const title = root.dataset.title || 'Vigil';

let token = sessionStorage.getItem(TOKEN_KEY) || localStorage.getItem(TOKEN_KEY);
let session = null;
let stream = null;
let pluginStates = {};
let current = null; // {dispose: [...]}
let frame = null;
let navigations = 0;

const api = createApi(() => token, () => signOut('Your session ended: the token is no longer accepted.'));

async function boot() {
  if (!token) return showSignIn();
  try {
    session = await api.get('/api/v1/dashboard/session');
  } catch (e) {
    return showSignIn(e instanceof ApiError && e.status === 401 ? 'That token is no longer valid.' : e.message);
  }
  showApp();
}

function showSignIn(message) {
  if (stream) stream.stop();
  document.title = `Sign in · ${title}`;
  const input = h('input', { type: 'password', name: 'token', id: 'token', autocomplete: 'current-password', placeholder: 'vgl_…', required: true, test: 'token-input' });
  const remember = h('input', { type: 'checkbox', id: 'remember', test: 'remember' });
  const error = h('p.signin-error', { test: 'signin-error', role: 'alert' }, message || '');
  const submit = h('button.btn-primary', { type: 'submit', test: 'signin-submit' }, 'Sign in');
  const form = h('form.signin', { test: 'signin' },
    h('div.brand.brand-large', logo(), title),
    h('p.muted', 'Sign in with a viewer or admin API token.'),
    h('label', { for: 'token' }, 'API token'), input,
    h('label.check', remember, ' Remember on this browser'),
    submit, error);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    error.textContent = '';
    const candidate = input.value.trim();
    try {
      const response = await fetch('/api/v1/dashboard/session', { headers: { Authorization: `Bearer ${candidate}` } });
      if (response.status === 401) throw new Error('That token is not valid.');
      if (response.status === 403) throw new Error('That token cannot read: use a viewer or admin token, not an ingest token.');
      if (response.status === 404 || response.status === 503) throw new Error('The dashboard plugin is not running on this server.');
      if (!response.ok) throw new Error(`The server answered ${response.status}.`);
      session = await response.json();
      token = candidate;
      (remember.checked ? localStorage : sessionStorage).setItem(TOKEN_KEY, token);
      showApp();
    } catch (err) {
      error.textContent = err.message;
    } finally {
      submit.disabled = false;
    }
  });
  fill(root, h('div.signin-page', form));
  input.focus();
}

function signOut(message) {
  token = null;
  session = null;
  sessionStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(TOKEN_KEY);
  disposePage();
  frame = null;
  showSignIn(message);
}

function logo() {
  const img = h('img.logo', { src: document.querySelector('link[rel=icon]')?.href || '', alt: '', width: 22, height: 22 });
  return img;
}

function showApp() {
  const nav = h('nav.sidebar', { test: 'nav' });
  const main = h('main.content', { test: 'content' });
  const live = h('span.live', { test: 'live-state', 'data-state': 'connecting' }, 'connecting');
  const header = h('header.topbar',
    h('a.brand', { href: '#/overview' }, logo(), session.title || title),
    h('div.topbar-right', live,
      h('span.who', { test: 'who' }, session.token_name, ' ', h('span.role', { class: `role-${session.role}` }, session.role)),
      h('button.btn-link', { test: 'signout', onclick: () => signOut('Signed out.') }, 'Sign out')));
  frame = { nav, main, live };
  fill(root, h('div.app', header, h('div.body', nav, main)));
  stream = createStream(() => token, (state) => {
    live.dataset.state = state;
    live.textContent = state === 'live' ? 'live' : state;
  });
  stream.on('plugin', () => refreshNav());
  stream.start();
  refreshNav();
  window.onhashchange = () => route();
  route();
}

async function refreshNav() {
  try {
    const data = await api.get('/api/v1/admin/plugins');
    pluginStates = Object.fromEntries(data.plugins.map((p) => [p.id, p.state]));
  } catch {
    pluginStates = {};
  }
  renderNav();
}

function renderNav() {
  if (!frame) return;
  const active = currentPath()[0];
  fill(frame.nav, PAGES.map((page) => {
    const state = page.plugin ? (pluginStates[page.plugin] || 'ABSENT') : 'STARTED';
    return h('a', {
      href: `#/${page.id}`,
      class: `${page.id === active ? 'active' : ''} ${state !== 'STARTED' ? 'dim' : ''}`,
      test: `nav-${page.id}`,
      title: state !== 'STARTED' ? `the ${page.plugin} plugin is ${state.toLowerCase()}` : undefined,
    }, page.title, state !== 'STARTED' ? h('span.nav-state', state === 'ABSENT' ? 'absent' : state.toLowerCase()) : null);
  }));
}

function currentPath() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path] = hash.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return parts.length ? parts : ['overview'];
}

function disposePage() {
  if (current) current.dispose.forEach((fn) => { try { fn(); } catch { /* already gone */ } });
  current = null;
}

/**
 * Shows the page the hash names. A soft refresh (every refresh-interval) renders the same page again off screen
 * and swaps it in once it has its data, keeping the scroll position, so figures stay current without flicker.
 */
async function route(soft = false) {
  if (!frame) return;
  const [id, ...params] = currentPath();
  const page = PAGES.find((p) => p.id === id);
  if (!soft) {
    disposePage();
    renderNav();
  }
  navigations += 1;
  // The browser tests wait for this page (its route and sequence number) to say it is ready.
  const container = h('div.page', { test: `page-${id}`, 'data-route': location.hash || '#/overview', 'data-nav': navigations });
  if (!soft) fill(frame.main, container);
  if (!page) {
    fill(container, notice('error', `There is no page '${id}'.`));
    return;
  }
  document.title = `${page.title} · ${session.title || title}`;
  const query = new URLSearchParams(location.hash.split('?')[1] || '');
  const route = location.hash;
  const ctx = {
    api, session, query, params,
    el: container,
    admin: session.role === 'admin',
    dispose: [],
    onDispose(fn) { this.dispose.push(fn); },
    listen(type, fn) { this.dispose.push(stream.on(type, fn)); },
    every(millis, fn) { const t = setInterval(fn, millis); this.dispose.push(() => clearInterval(t)); },
    refreshSeconds: session.refresh_seconds || 30,
    pluginState: (pluginId) => pluginStates[pluginId] || 'ABSENT',
    navigate(hash) { location.hash = hash; },
    setQuery(values) {
      const next = new URLSearchParams(query);
      Object.entries(values).forEach(([k, v]) => (v === null || v === undefined ? next.delete(k) : next.set(k, v)));
      location.hash = `#/${[id, ...params].map(encodeURIComponent).join('/')}${next.toString() ? `?${next}` : ''}`;
    },
  };
  const previous = current;
  if (!soft) current = ctx;
  container.dataset.state = 'loading';
  try {
    await page.render(ctx);
  } catch (e) {
    container.append(notice('error', `This page failed: ${e.message}`));
    console.error(e);
  }
  if (soft) {
    // Swap only if the user is still on the same page and nothing happened meanwhile.
    if (current !== previous || location.hash !== route || !frame) {
      ctx.dispose.forEach((fn) => { try { fn(); } catch { /* never shown */ } });
      return;
    }
    const scroll = window.scrollY;
    disposePage();
    current = ctx;
    fill(frame.main, container);
    window.scrollTo(0, scroll);
  }
  if (current === ctx) {
    container.dataset.state = 'ready';
    scheduleRefresh(ctx, page);
  }
}

function scheduleRefresh(ctx, page) {
  if (page.refresh === false) return;
  const timer = setTimeout(() => {
    // Not while the tab is hidden, a button's action is running, or the user is choosing in a list.
    const busy = document.hidden || document.querySelector('button:disabled') || document.activeElement?.tagName === 'SELECT'
      // An admin's open form (forms.js) or a selection being made (data-holding) must not be swapped away.
      || document.querySelector('dialog[open], [data-holding]');
    if (current !== ctx) return;
    if (busy) scheduleRefresh(ctx, page);
    else route(true);
  }, ctx.refreshSeconds * 1000);
  ctx.onDispose(() => clearTimeout(timer));
}

boot();
