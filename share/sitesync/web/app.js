// sitesync serve: the web page.  Plain JavaScript, no build step, no CDN.
// The token is entered once and kept in sessionStorage (this tab only); every
// request sends it as a bearer token, also the live log (fetch, not
// EventSource, which cannot send headers).
'use strict';

const $ = (id) => document.getElementById(id);
const TOKEN_KEY = 'sitesync.token';

const state = {
  sites: [],
  site: null,        // the site shown
  kind: 'database',  // the tab shown
  job: null,         // the job followed
  stream: null,      // AbortController of the log stream
  older: null,       // next_before of the history
};

function token() { return sessionStorage.getItem(TOKEN_KEY); }

async function api(path, options = {}) {
  const headers = Object.assign({ Authorization: 'Bearer ' + token() }, options.headers || {});
  const res = await fetch('/api/v1' + path, Object.assign({}, options, { headers }));
  let body = null;
  try { body = await res.json(); } catch (e) { body = null; }
  if (res.status === 401) {
    forget('This token was refused: ' + (body && body.error ? body.error : 'unknown token'));
  }
  return { status: res.status, body };
}

function text(el, s) { el.textContent = s == null ? '' : String(s); return el; }

function make(tag, props = {}, children = []) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') el.textContent = v; else el.setAttribute(k, v);
  }
  for (const c of children) el.appendChild(c);
  return el;
}

function bytes(n) {
  if (n == null) return '';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0, v = n;
  while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  return (i ? v.toFixed(1) : v) + ' ' + units[i];
}

function seconds(s) {
  if (s == null) return '';
  if (s < 60) return s.toFixed(s < 10 ? 1 : 0) + ' s';
  const m = Math.floor(s / 60), r = Math.round(s % 60);
  return m + ' min ' + r + ' s';
}

function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleString();
}

function env(site, name) { return site.environments.find((e) => e.name === name); }

// ---------------------------------------------------------------- token

function forget(why) {
  sessionStorage.removeItem(TOKEN_KEY);
  stopStream();
  $('app').hidden = true;
  $('who').hidden = true;
  $('login').hidden = false;
  text($('login-error'), why || '');
  $('token').value = '';
  $('token').focus();
}

async function login(ev) {
  ev.preventDefault();
  const t = $('token').value.trim();
  if (!t) return;
  sessionStorage.setItem(TOKEN_KEY, t);
  $('token').value = '';
  await start();
}

async function start() {
  const r = await api('/sites');
  if (r.status !== 200) {
    if (r.status !== 401) forget(r.body && r.body.error ? r.body.error : 'cannot list the sites');
    return;
  }
  state.sites = r.body.sites;
  $('login').hidden = true;
  $('app').hidden = false;
  $('who').hidden = false;
  text($('who-text'), 'token set for this tab');
  showSites();
}

// ---------------------------------------------------------------- sites and tabs

function showSites() {
  const nav = $('sites');
  nav.replaceChildren();
  $('no-sites').hidden = state.sites.length > 0;
  for (const s of state.sites) {
    const b = make('button', { type: 'button', 'data-site': s.name, text: s.name });
    b.addEventListener('click', () => showSite(s.name));
    nav.appendChild(b);
  }
  if (state.sites.length) showSite(state.site ? state.site.name : state.sites[0].name);
}

function showSite(name) {
  state.site = state.sites.find((s) => s.name === name) || state.sites[0];
  for (const b of $('sites').children) {
    b.setAttribute('aria-current', String(b.dataset.site === state.site.name));
  }
  $('site').hidden = false;
  text($('site-name'), state.site.name);
  showKind(state.kind);
  loadHistory(true);
}

function showKind(kind) {
  state.kind = kind;
  for (const k of ['database', 'files']) {
    $('tab-' + k).setAttribute('aria-selected', String(k === kind));
  }
  fillSources();
}

// Only the directions the server allows (policy and token) are offered.
function directions() {
  return (state.site.directions[state.kind] || []);
}

function fillSources() {
  const from = $('from');
  const dirs = directions();
  const sources = [...new Set(dirs.map((d) => d.from))];
  from.replaceChildren(...sources.map((s) => optionFor(s)));
  $('no-direction').hidden = dirs.length > 0;
  $('sync').disabled = dirs.length === 0;
  fillTargets();
}

function optionFor(name) {
  const e = env(state.site, name);
  return make('option', { value: name, text: name + (e ? ' (' + e.role + ')' : '') });
}

function fillTargets() {
  const f = $('from').value;
  const targets = directions().filter((d) => d.from === f).map((d) => d.to);
  $('to').replaceChildren(...targets.map((t) => optionFor(t)));
}

// ---------------------------------------------------------------- sync

function askSync(ev) {
  ev.preventDefault();
  text($('sync-error'), '');
  const from = $('from').value, to = $('to').value;
  if (!from || !to) return;
  const t = env(state.site, to);
  const what = state.kind === 'database' ? 'database' : 'files';
  text($('confirm-target'), to);
  text($('confirm-text'),
    'The ' + what + ' of ' + to + ' (' + (t ? t.alias + ', ' + t.role : to) + ') will be ' +
    'overwritten with a copy from ' + from + '. What ' + to + ' has now is replaced.');
  text($('confirm-yes'), 'Overwrite ' + to);
  $('confirm').returnValue = '';
  $('confirm').showModal();
}

async function confirmed() {
  if ($('confirm').returnValue !== 'yes') return;
  const from = $('from').value, to = $('to').value;
  const r = await api('/sites/' + encodeURIComponent(state.site.name) + '/' + state.kind +
                      '/sync', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ from, to }),
  });
  if (r.status === 202) {
    follow(r.body.id);
  } else if (r.status === 409 && r.body && r.body.id) {
    text($('sync-error'), to + ' is busy with job ' + r.body.id + '; following it');
    follow(r.body.id);
  } else if (r.status !== 401) {
    text($('sync-error'), (r.body && r.body.error) || ('request failed: HTTP ' + r.status));
  }
}

// ---------------------------------------------------------------- the job followed

function stopStream() {
  if (state.stream) state.stream.abort();
  state.stream = null;
}

function showJob(job) {
  state.job = job;
  $('job').hidden = false;
  text($('job-id'), '#' + job.id);
  text($('job-what'), job.kind + ' ' + job.from + ' → ' + job.to);
  const st = $('job-state');
  text(st, job.state);
  st.className = 'state ' + job.state;
  text($('job-stage'), job.stage ? job.stage + (job.stage_detail ? ': ' + job.stage_detail : '') : '');
  const p = job.progress || {};
  if (p.percent != null) $('job-progress').value = p.percent;
  else if (job.state === 'completed') $('job-progress').value = 100;
  else $('job-progress').removeAttribute('value');
  const parts = [];
  if (p.bytes_total) parts.push(bytes(p.bytes) + ' of ' + bytes(p.bytes_total));
  else if (p.bytes) parts.push(bytes(p.bytes));
  if (p.rows) parts.push(p.rows + ' rows');
  if (p.files_total) parts.push(p.files + '/' + p.files_total + ' files');
  if (p.eta_seconds != null && job.state === 'running') parts.push('about ' + seconds(p.eta_seconds) + ' left');
  if (job.duration_seconds != null) parts.push(seconds(job.duration_seconds));
  text($('job-figures'), parts.join(' · '));
  text($('job-error'), job.error || '');
  $('job-cancel').hidden = job.state !== 'pending' && job.state !== 'running';
}

function follow(id) {
  stopStream();
  text($('job-log'), '');
  $('job').hidden = false;
  streamLog(id);
}

// The log as Server-Sent Events over fetch (the token goes in a header).
async function streamLog(id) {
  const ctl = new AbortController();
  state.stream = ctl;
  let res;
  try {
    res = await fetch('/api/v1/jobs/' + id + '/log', {
      headers: { Authorization: 'Bearer ' + token(), Accept: 'text/event-stream' },
      signal: ctl.signal,
    });
  } catch (e) { return; }
  if (!res.ok || !res.body) { text($('sync-error'), 'cannot follow job ' + id); return; }
  const reader = res.body.getReader();
  const dec = new TextDecoder();
  let buf = '';
  for (;;) {
    let chunk;
    try { chunk = await reader.read(); } catch (e) { return; }
    if (chunk.done) break;
    buf += dec.decode(chunk.value, { stream: true });
    let cut;
    while ((cut = buf.indexOf('\n\n')) >= 0) {
      handleEvent(buf.slice(0, cut));
      buf = buf.slice(cut + 2);
    }
  }
  if (state.stream === ctl) state.stream = null;
}

function handleEvent(block) {
  let name = 'message', data = '';
  for (const line of block.split('\n')) {
    if (line.startsWith('event: ')) name = line.slice(7);
    else if (line.startsWith('data: ')) data += line.slice(6);
  }
  if (!data) return;
  const obj = JSON.parse(data);
  if (name === 'log') {
    const pre = $('job-log');
    pre.textContent += obj.text + '\n';
    pre.scrollTop = pre.scrollHeight;
  } else if (name === 'job') {
    showJob(obj);
  } else if (name === 'end') {
    showJob(obj);
    loadHistory(true);
  }
}

async function cancelJob() {
  if (!state.job) return;
  const r = await api('/jobs/' + state.job.id, { method: 'DELETE' });
  if (r.status === 200 || r.status === 202) showJob(r.body);
  else if (r.body && r.body.error) text($('job-error'), r.body.error);
}

// ---------------------------------------------------------------- history

async function loadHistory(fresh) {
  if (!state.site) return;
  const before = fresh ? '' : '&before=' + state.older;
  const r = await api('/sites/' + encodeURIComponent(state.site.name) + '/history?limit=20' + before);
  if (r.status !== 200) return;
  const body = $('history').tBodies[0];
  if (fresh) body.replaceChildren();
  for (const j of r.body.jobs) {
    const st = make('span', { class: 'state ' + j.state, text: j.state });
    const size = [j.progress.bytes ? bytes(j.progress.bytes) : '',
                  j.progress.rows ? j.progress.rows + ' rows' : ''].filter(Boolean).join(', ');
    const tr = make('tr', { 'data-job': String(j.id) }, [
      make('td', { text: String(j.id) }),
      make('td', { text: j.kind }),
      make('td', { text: j.from + ' → ' + j.to }),
      make('td', {}, [st]),
      make('td', { text: size }),
      make('td', { text: seconds(j.duration_seconds) }),
      make('td', { text: when(j.created_at), title: j.created_at || '' }),
      make('td', { class: 'error', text: j.error || '' }),
    ]);
    tr.addEventListener('click', () => follow(j.id));
    body.appendChild(tr);
  }
  state.older = r.body.next_before;
  $('older').hidden = !state.older;
}

// ---------------------------------------------------------------- wiring

document.addEventListener('DOMContentLoaded', () => {
  $('login-form').addEventListener('submit', login);
  $('forget').addEventListener('click', () => forget(''));
  $('tab-database').addEventListener('click', () => showKind('database'));
  $('tab-files').addEventListener('click', () => showKind('files'));
  $('from').addEventListener('change', fillTargets);
  $('sync-form').addEventListener('submit', askSync);
  $('confirm').addEventListener('close', confirmed);
  $('job-cancel').addEventListener('click', cancelJob);
  $('older').addEventListener('click', () => loadHistory(false));
  setInterval(() => { if (token() && state.site) loadHistory(true); }, 15000);
  if (token()) start(); else forget('');
});
