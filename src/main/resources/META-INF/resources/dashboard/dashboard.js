/*
 * PoolGuard dashboard: reads the same JSON endpoints a script would, polls at the monitor's interval while the tab
 * is visible (one request per endpoint in flight at most, nothing while hidden), and sends the API key only in a
 * header, from sessionStorage.
 */
'use strict';

(function () {
  // Paths relative to the page, so the dashboard also works behind a path prefix.
  const API = {
    database: 'api/v1/hc/database',
    history: 'api/v1/hc/database/history',
    alerts: 'api/v1/hc/alerts',
    runs: 'api/v1/hc/stability-tests',
    clients: 'api/v1/hc/database/clients',
    actions: 'api/v1/hc/database/pool/actions',
    flush: 'api/v1/hc/database/pool/flush',
    pool: 'api/v1/hc/database/pool'
  };

  // Every JSON field the page reads, in one place: a renamed field is a one-line change here. Durations are seconds.
  const FIELDS = {
    view: {
      status: v => v.status,
      failure: v => v.failure,
      reason: v => v.reason,
      checkedAt: v => v.checkedAt,
      jdbcUrl: v => v.config.jdbcUrl,
      minSize: v => v.pool.minSize,
      maxSize: v => v.pool.maxSize,
      active: v => v.pool.active,
      idle: v => v.pool.idle,
      awaiting: v => v.pool.awaiting,
      utilisation: v => v.pool.utilisation,
      acquisitionTimeouts: v => v.pool.acquisitionTimeouts,
      invalid: v => v.pool.invalid,
      leaks: v => v.pool.leakDetections,
      acquireP50: v => v.pool.acquireLatency && v.pool.acquireLatency.p50,
      acquireP99: v => v.pool.acquireLatency && v.pool.acquireLatency.p99,
      serverVersion: v => v.server.view && v.server.view.serverVersion,
      inRecovery: v => v.server.view && v.server.view.inRecovery,
      serverAge: v => v.server.age,
      budgetRequired: v => v.sizing.budget.required,
      budgetVerdict: v => v.sizing.budget.verdict
    },
    history: {
      interval: h => h.intervalSeconds,
      capacity: h => h.capacity,
      samples: h => h.samples
    },
    sample: {
      at: s => s.at,
      utilisation: s => s.pool.utilisation,
      awaiting: s => s.pool.awaiting,
      serverUp: s => s.server.status === 'UP',
      serverTotal: s => s.server.view && s.server.view.totalConnections,
      serverOurs: s => s.server.view && s.server.view.ours.total,
      serverAvailable: s => s.server.view && s.server.view.availableConnections
    },
    alerts: {
      active: a => a.active,
      transitions: a => a.transitions,
      rule: a => a.rule,
      name: a => a.alertName,
      severity: a => a.severity,
      startedAt: a => a.startedAt,
      at: a => a.at,
      transition: a => a.transition,
      value: a => a.value,
      message: a => a.message
    },
    run: {
      id: r => r.id,
      state: r => r.state,
      mode: r => r.request.mode,
      count: r => r.request.count,
      createdAt: r => r.createdAt,
      startedAt: r => r.startedAt,
      done: r => r.progress.done,
      total: r => r.progress.total,
      elapsed: r => r.elapsedSeconds,
      throughput: r => r.throughputPerSecond,
      successes: r => r.successes,
      failures: r => r.failures,
      p50Millis: r => r.latencyMillis.p50,
      p99Millis: r => r.latencyMillis.p99,
      verdict: r => r.verdict,
      error: r => r.error
    },
    // GET /api/v1/hc/database/clients (ClientsView, ClientSessions)
    clients: {
      list: c => c.clients,
      complete: c => c.complete,
      visibility: c => c.visibility,
      otherClients: c => (c.other ? c.other.clients : 0),
      otherSessions: c => (c.other ? c.other.sessions : 0)
    },
    client: {
      application: c => c.applicationName,
      role: c => c.role,
      address: c => c.clientAddress,
      sessions: c => c.sessions,
      active: c => c.active,
      idle: c => c.idle,
      idleInTransaction: c => c.idleInTransaction,
      aborted: c => c.idleInTransactionAborted,
      waiting: c => c.waitingOnLock,
      oldestTransaction: c => c.oldestTransactionAge,
      longestIdleInTransaction: c => c.longestIdleInTransaction,
      churn: c => c.openedSinceLastSample
    },
    actions: a => a.actions,
    action: {
      at: a => a.at,
      action: a => (a.mode ? `${a.action} ${a.mode}` : a.action),
      before: a => a.before,
      after: a => a.after,
      caller: a => a.caller,
      outcome: a => a.outcome
    },
    // the pool's limits and population before or after an action
    poolState: p => ({ maxSize: p.maxSize, minSize: p.minSize, active: p.active, idle: p.idle }),
    // a flush answers what it did; a resize answers the new limits with the audited action
    actionOutcome: r => (r.action ? r.action.outcome
      : `${r.mode}: closed ${r.closed}, opened ${r.opened}, draining ${r.draining}`)
  };

  const LANGUAGES = ['en', 'zh-CN'];
  const KEY_STORAGE = 'poolguard.apiKey';
  const LANG_STORAGE = 'poolguard.lang';

  const state = {
    lang: 'en',
    dict: {},
    view: null,
    viewAt: 0,
    history: null,
    alerts: null,
    interval: 30,
    run: null,
    runPoints: [],
    runs: null,
    clientsView: null,
    clientsHead: null,
    // the server's own order: most sessions first
    clientSort: { column: 'sessions', descending: true },
    actions: null,
    actionsShown: false
  };

  const $ = (selector, root) => (root || document).querySelector(selector);
  const $$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));

  // ---- language ----

  function t(key, params) {
    let text = state.dict[key];
    if (text === undefined) text = key;
    for (const [name, value] of Object.entries(params || {})) text = text.split(`{${name}}`).join(String(value));
    return text;
  }

  function preferredLanguage() {
    const chosen = localStorage.getItem(LANG_STORAGE);
    if (LANGUAGES.includes(chosen)) return chosen;
    for (const tag of navigator.languages || [navigator.language || 'en']) {
      const lower = tag.toLowerCase();
      if (lower.startsWith('zh')) return 'zh-CN';
      if (lower.startsWith('en')) return 'en';
    }
    return 'en';
  }

  async function useLanguage(lang) {
    const response = await fetch(`dashboard/i18n/${lang}.json`, { cache: 'no-cache' });
    state.dict = await response.json();
    state.lang = lang;
    document.documentElement.lang = lang;
    $('#lang').value = lang;
    document.title = t('title');
    for (const node of $$('[data-i18n]')) node.textContent = t(node.dataset.i18n);
    renderAll();
  }

  // ---- formatting ----

  const number = n => (n == null ? '–' : new Intl.NumberFormat(state.lang).format(n));
  const percent = u => (u == null ? '–' : new Intl.NumberFormat(state.lang,
    { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(u));

  function duration(seconds) {
    if (seconds == null || Number.isNaN(seconds)) return '–';
    if (seconds < 1) return `${(seconds * 1000).toFixed(seconds < 0.01 ? 2 : 1)} ms`;
    if (seconds < 60) return `${seconds.toFixed(1)} s`;
    const m = Math.floor(seconds / 60);
    if (m < 60) return `${m} min ${Math.floor(seconds % 60)} s`;
    return `${Math.floor(m / 60)} h ${m % 60} min`;
  }

  /** An age: whole seconds, then minutes and hours (a millisecond age would only flicker). */
  const age = seconds => (seconds == null ? '–' : seconds < 60 ? `${Math.floor(seconds)} s` : duration(seconds));
  const millis = ms => (ms == null ? '–' : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`);
  const ageOf = iso => (iso ? Math.max(0, (Date.now() - Date.parse(iso)) / 1000) : null);
  const clock = epoch => new Date(epoch).toLocaleTimeString(state.lang, { hour12: false });
  const dateTime = iso => (iso ? new Date(iso).toLocaleString(state.lang, { hour12: false }) : '–');

  function setText(root, attribute, values) {
    for (const node of $$(`[${attribute}]`, root)) {
      const name = node.getAttribute(attribute);
      if (name in values) node.textContent = values[name];
    }
  }

  // ---- API calls ----

  class ApiError extends Error {
    constructor(status, detail, problem) {
      super(detail);
      this.status = status;
      this.problem = problem;
    }
  }

  /** A JSON call; problem+json answers become an ApiError carrying the problem's detail. */
  async function api(path, options) {
    const { method = 'GET', body, key, accept = [] } = options || {};
    const headers = { Accept: 'application/json, application/problem+json' };
    if (key) headers['X-API-Key'] = key;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(path, {
        method, headers, cache: 'no-store', credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body)
      });
    } catch (e) {
      throw new ApiError(0, t('unreachable', { detail: e.message }));
    }
    return answer(response, accept);
  }

  async function answer(response, accept) {
    const type = response.headers.get('Content-Type') || '';
    const data = type.includes('json') ? await response.json().catch(() => null) : null;
    if (response.ok || accept.includes(response.status)) return { status: response.status, data };
    if (data && type.includes('problem+json')) {
      throw new ApiError(response.status, data.detail || data.title, data);
    }
    throw new ApiError(response.status, `${response.status} ${response.statusText}`);
  }

  function showError(panel, error) {
    const node = $(`#${panel} [data-error]`);
    node.textContent = error.message;
    node.hidden = false;
  }

  function clearError(panel) {
    $(`#${panel} [data-error]`).hidden = true;
  }

  // ---- API key: asked once per tab, kept in sessionStorage, sent as X-API-Key ----

  let keyPrompt = null;

  function storedKey() {
    return sessionStorage.getItem(KEY_STORAGE);
  }

  function forgetKey() {
    sessionStorage.removeItem(KEY_STORAGE);
    $('#key-forget').hidden = true;
    state.runs = null;
    renderRuns();
  }

  /** The stored key, or one the user types into the dialog; null when they cancel. */
  function askKey(refusal) {
    if (!refusal && storedKey()) return Promise.resolve(storedKey());
    if (keyPrompt) return keyPrompt;
    const dialog = $('#key-dialog');
    const error = $('#key-error');
    error.hidden = !refusal;
    error.textContent = refusal ? t('key.rejected', { detail: refusal }) : '';
    $('#key-input').value = '';
    dialog.returnValue = '';
    keyPrompt = new Promise(resolve => {
      dialog.addEventListener('close', () => {
        keyPrompt = null;
        const key = $('#key-input').value.trim();
        $('#key-input').value = '';
        if (dialog.returnValue === 'ok' && key) {
          sessionStorage.setItem(KEY_STORAGE, key);
          $('#key-forget').hidden = false;
          resolve(key);
        } else {
          resolve(null);
        }
      }, { once: true });
    });
    dialog.showModal();
    return keyPrompt;
  }

  /** Calls with the key; a refused key is forgotten and asked for again. Null when the user gave none. */
  async function withKey(call) {
    let refusal = null;
    for (let attempt = 0; attempt < 3; attempt++) {
      const hadKey = Boolean(storedKey());
      const key = await askKey(refusal);
      if (!key) return null;
      try {
        const done = await call(key);
        // a key given for one panel (a run, say) opens the audit too, without waiting for its next poll
        if (!hadKey && state.actionsShown) loadActions();
        return done;
      } catch (e) {
        if (e.status !== 401) throw e;
        sessionStorage.removeItem(KEY_STORAGE);
        refusal = e.message;
      }
    }
    return null;
  }

  // ---- polling: self-scheduled, so a slow answer never piles up requests; stops while the tab is hidden ----

  function poll(task, periodSeconds) {
    let timer = null;
    let running = false;
    async function run() {
      clearTimeout(timer);
      timer = null;
      if (document.hidden || running) return;
      running = true;
      try {
        await task();
      } finally {
        running = false;
        if (!document.hidden) timer = setTimeout(run, periodSeconds() * 1000);
      }
    }
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden && timer === null) run();
    });
    return run;
  }

  /** Polls the task from one period from now on. */
  function later(task, period) {
    setTimeout(poll(task, period), period() * 1000);
  }

  // between 1 s and 30 s: a fast monitor must not turn every tab into a load test
  const monitorPeriod = () => Math.min(30, Math.max(1, state.interval));
  const viewPeriod = () => Math.min(5, monitorPeriod());

  // ---- status and pool ----

  async function loadDatabase() {
    try {
      // 503 carries the view too: the database is down, the answer is still the data to show
      const { data } = await api(API.database, { accept: [503] });
      state.view = data;
      state.viewAt = Date.now();
      clearError('status');
      clearError('pool');
      $('#page-error').hidden = true;
    } catch (e) {
      if (e.status === 0) {
        $('#page-error').textContent = e.message;
        $('#page-error').hidden = false;
      } else {
        showError('status', e);
        showError('pool', e);
      }
    }
    renderDatabase();
  }

  function renderDatabase() {
    const v = state.view;
    if (!v) return;
    const F = FIELDS.view;
    const status = F.status(v);
    const badge = $('[data-field="status"]');
    badge.textContent = t(`status.${status}`);
    badge.dataset.status = status;
    badge.className = `badge ${status === 'UP' ? 'up' : 'down'}`;
    const version = F.serverVersion(v);
    const utilisation = F.utilisation(v);
    setText($('main'), 'data-field', {
      failure: F.failure(v) || '–',
      reason: F.reason(v) || '–',
      serverVersion: version ? `PostgreSQL ${version}` : '–',
      role: version ? t(F.inRecovery(v) ? 'status.standby' : 'status.primary') : '–',
      jdbcUrl: F.jdbcUrl(v) || '–',
      utilisation: percent(utilisation),
      active: number(F.active(v)),
      idle: number(F.idle(v)),
      awaiting: number(F.awaiting(v)),
      maxSize: number(F.maxSize(v)),
      minSize: number(F.minSize(v)),
      acquisitionTimeouts: number(F.acquisitionTimeouts(v)),
      invalid: number(F.invalid(v)),
      leaks: number(F.leaks(v)),
      acquireP50: duration(F.acquireP50(v)),
      acquireP99: duration(F.acquireP99(v)),
      budgetVerdict: F.budgetVerdict(v) || '–'
    });
    const meter = $('#util-meter');
    const percentValue = Math.round((utilisation || 0) * 100);
    meter.setAttribute('aria-valuenow', String(percentValue));
    meter.setAttribute('aria-valuetext', percent(utilisation));
    const fill = $('#util-fill');
    fill.style.width = `${percentValue}%`;
    fill.classList.toggle('high', percentValue >= 80);
    renderAges();
  }

  /** Ages tick locally every second; no request. */
  function renderAges() {
    const v = state.view;
    if (!v) return;
    const sinceFetch = (Date.now() - state.viewAt) / 1000;
    const serverAge = FIELDS.view.serverAge(v);
    setText($('main'), 'data-field', {
      checkedAge: t('status.ago', { age: age(ageOf(FIELDS.view.checkedAt(v))) }),
      serverAge: serverAge == null ? '–' : t('status.ago', { age: age(serverAge + sinceFetch) })
    });
    $('#freshness').textContent = document.hidden ? t('paused') : t('updated', { age: age(sinceFetch) });
  }

  // ---- history ----

  let poolChart;
  let serverChart;
  let runChart;

  function makeCharts() {
    const format = v => (Number.isInteger(v) ? number(v) : v.toFixed(1));
    poolChart = new window.PoolGuardChart($('#chart-pool'), {
      caption: () => t('history.poolChart'), format, time: clock, minMax: 100,
      series: [
        { key: 'utilisation', label: () => t('history.utilisation'), color: 'var(--c1)' },
        { key: 'awaiting', label: () => t('history.awaiting'), color: 'var(--c2)' }
      ]
    });
    serverChart = new window.PoolGuardChart($('#chart-server'), {
      caption: () => t('history.serverChart'), format, time: clock, minMax: 10,
      series: [
        { key: 'total', label: () => t('history.serverTotal'), color: 'var(--c3)' },
        { key: 'ours', label: () => t('history.serverOurs'), color: 'var(--c1)' },
        { key: 'available', label: () => t('history.serverAvailable'), color: 'var(--bad)', dashed: true },
        { key: 'budget', label: () => t('history.budget'), color: 'var(--c4)', dashed: true }
      ]
    });
    runChart = new window.PoolGuardChart($('#chart-run'), {
      caption: () => t('runs.chart'), format, time: clock, minMax: 1,
      series: [
        { key: 'ops', label: () => t('runs.opsPerSecond'), color: 'var(--c1)' },
        { key: 'p99', label: () => t('runs.p99'), color: 'var(--c2)' }
      ]
    });
  }

  async function loadHistory() {
    try {
      const { data } = await api(API.history);
      state.history = data;
      state.interval = FIELDS.history.interval(data) || state.interval;
      clearError('history');
    } catch (e) {
      showError('history', e);
    }
    renderHistory();
  }

  function renderHistory() {
    const h = state.history;
    if (!h) return;
    const S = FIELDS.sample;
    const samples = FIELDS.history.samples(h).slice().reverse();
    const budget = state.view ? FIELDS.view.budgetRequired(state.view) : null;
    const points = samples.map(s => {
      const up = S.serverUp(s);
      return {
        t: Date.parse(S.at(s)),
        values: {
          utilisation: S.utilisation(s) * 100,
          awaiting: S.awaiting(s),
          // a DOWN sample repeats the last good figures: leave a gap instead of drawing stale numbers
          total: up ? S.serverTotal(s) : null,
          ours: up ? S.serverOurs(s) : null,
          available: up ? S.serverAvailable(s) : null,
          budget
        }
      };
    });
    poolChart.update(points);
    serverChart.update(points);
    const interval = duration(FIELDS.history.interval(h));
    $('#history-note').textContent = samples.length
      ? t('history.interval', { interval, count: number(FIELDS.history.capacity(h)) })
      : t('history.empty', { interval });
  }

  // ---- alerts ----

  async function loadAlerts() {
    try {
      state.alerts = (await api(API.alerts)).data;
      clearError('alerts');
    } catch (e) {
      showError('alerts', e);
    }
    renderAlerts();
  }

  function renderAlerts() {
    const a = state.alerts;
    if (!a) return;
    const A = FIELDS.alerts;
    const active = $('#alerts-active');
    active.textContent = '';
    for (const alert of A.active(a)) {
      const item = document.createElement('li');
      item.className = A.severity(alert) === 'critical' ? 'critical' : 'warning';
      item.dataset.rule = A.rule(alert);
      const head = document.createElement('div');
      const rule = document.createElement('span');
      rule.className = 'rule';
      rule.textContent = A.rule(alert);
      head.append(rule, ` · ${A.severity(alert)} · ${t('alerts.since', { age: age(ageOf(A.startedAt(alert))) })}`);
      const message = document.createElement('div');
      message.textContent = A.message(alert);
      item.append(head, message);
      active.appendChild(item);
    }
    if (!A.active(a).length) active.appendChild(mutedItem(t('alerts.none')));
    const transitions = $('#alerts-transitions');
    transitions.textContent = '';
    for (const change of A.transitions(a).slice(0, 10)) {
      const item = document.createElement('li');
      const kind = document.createElement('span');
      kind.className = A.transition(change);
      kind.textContent = t(`alerts.${A.transition(change)}`);
      item.append(`${dateTime(A.at(change))} `, kind, ` ${A.rule(change)}: ${A.message(change)}`);
      transitions.appendChild(item);
    }
    if (!A.transitions(a).length) transitions.appendChild(mutedItem(t('alerts.noTransitions')));
  }

  function mutedItem(text) {
    const item = document.createElement('li');
    item.className = 'muted';
    item.textContent = text;
    return item;
  }

  // ---- stability runs ----

  function runRequest(form) {
    const body = {};
    for (const name of ['count', 'interval', 'burst', 'hold', 'timeout']) {
      const input = form.elements[name];
      if (!input.disabled && input.value.trim() !== '') body[name] = Number(input.value);
    }
    body.mode = form.elements.mode.value;
    return body;
  }

  async function startRun(event) {
    event.preventDefault();
    const form = event.target;
    const button = $('#run-start');
    button.disabled = true;
    try {
      const started = await withKey(key => api(API.runs, { method: 'POST', key, body: runRequest(form) }));
      if (!started) return;
      clearError('runs');
      state.runPoints = [];
      showRun(started.data);
      await followRun(FIELDS.run.id(started.data));
    } catch (e) {
      showError('runs', e);
    } finally {
      button.disabled = false;
    }
  }

  /** The run's event stream, read with fetch: EventSource cannot send the key in a header. */
  async function followRun(id) {
    let finished = false;
    try {
      const response = await fetch(`${API.runs}/${encodeURIComponent(id)}/events`, {
        headers: { 'X-API-Key': storedKey() || '', Accept: 'text/event-stream' }, cache: 'no-store'
      });
      if (!response.ok) await answer(response, []);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value.replace(/\r\n/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const parsed = parseEvent(block);
          if (!parsed) continue;
          showRun(parsed.data);
          if (parsed.name === 'result') finished = true;
        }
      }
    } catch (e) {
      showError('runs', e);
    }
    if (!finished) await pollRun(id);
    loadRuns();
  }

  function parseEvent(block) {
    let name = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) name = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (!data.length) return null;
    return { name, data: JSON.parse(data.join('\n')) };
  }

  /** When the stream broke: the run's view once a second until it has finished. */
  async function pollRun(id) {
    for (let i = 0; i < 3600; i++) {
      try {
        const { data } = await api(`${API.runs}/${encodeURIComponent(id)}`, { key: storedKey() });
        showRun(data);
        if (!['queued', 'running'].includes(FIELDS.run.state(data))) return;
      } catch (e) {
        showError('runs', e);
        return;
      }
      await new Promise(resolve => setTimeout(resolve, 1000));
    }
  }

  async function cancelRun() {
    const run = state.run;
    if (!run) return;
    try {
      const done = await withKey(key => api(`${API.runs}/${encodeURIComponent(FIELDS.run.id(run))}`,
        { method: 'DELETE', key, accept: [202] }));
      if (done) showRun(done.data);
    } catch (e) {
      showError('runs', e);
    }
  }

  function showRun(run) {
    const R = FIELDS.run;
    const previous = state.run && R.id(state.run) === R.id(run) ? state.runPoints[state.runPoints.length - 1] : null;
    state.run = run;
    const started = R.startedAt(run);
    if (started && R.state(run) !== 'queued') {
      const elapsed = R.elapsed(run);
      const done = R.done(run);
      const ops = previous && elapsed > previous.elapsed
        ? (done - previous.done) / (elapsed - previous.elapsed)
        : R.throughput(run);
      state.runPoints.push({
        t: Date.parse(started) + elapsed * 1000, elapsed, done, values: { ops, p99: R.p99Millis(run) }
      });
    }
    renderRun();
  }

  function renderRun() {
    const run = state.run;
    if (!run) return;
    const R = FIELDS.run;
    $('#run-live').hidden = false;
    const live = ['queued', 'running'].includes(R.state(run));
    $('#run-cancel').disabled = !live;
    const total = R.total(run);
    const progress = $('#run-progress');
    progress.max = Math.max(1, total);
    progress.value = R.done(run);
    $('#run-progress-text').textContent = `${number(R.done(run))} / ${number(total)}`;
    const verdict = R.verdict(run);
    const error = R.error(run);
    const verdictNode = $('[data-run="verdict"]');
    setText($('#run-live'), 'data-run', {
      state: t(`runs.state.${R.state(run)}`),
      successes: number(R.successes(run)),
      throughput: `${number(Math.round(R.throughput(run)))} ${t('runs.opsPerSecond')}`,
      latency: `${millis(R.p50Millis(run))} / ${millis(R.p99Millis(run))}`,
      elapsed: duration(R.elapsed(run)),
      verdict: verdict ? `${t(verdict.stable ? 'runs.stable' : 'runs.unstable')}: ${verdict.reason}`
        : error || '–'
    });
    verdictNode.dataset.stable = verdict ? String(verdict.stable) : '';
    $('[data-run="state"]').dataset.state = R.state(run);
    const rows = $('#run-failures tbody');
    rows.textContent = '';
    const failures = Object.entries(R.failures(run) || {}).sort((a, b) => b[1] - a[1]);
    for (const [failureClass, count] of failures) {
      rows.appendChild(row([failureClass, number(count)], [null, 'num'], count ? null : 'muted'));
    }
    runChart.update(state.runPoints);
  }

  async function loadRuns() {
    if (!storedKey()) {
      renderRuns();
      return;
    }
    try {
      state.runs = (await api(API.runs, { key: storedKey() })).data;
    } catch (e) {
      if (e.status === 401) forgetKey();
      else showError('runs', e);
    }
    renderRuns();
  }

  function renderRuns() {
    $('#runs-need-key').hidden = Boolean(storedKey());
    const body = $('#runs-table tbody');
    body.textContent = '';
    const R = FIELDS.run;
    for (const run of state.runs || []) {
      const verdict = R.verdict(run);
      body.appendChild(row([
        dateTime(R.createdAt(run)), R.mode(run), number(R.count(run)), t(`runs.state.${R.state(run)}`),
        number(Math.round(R.throughput(run))),
        `${millis(R.p50Millis(run))} / ${millis(R.p99Millis(run))}`,
        verdict ? t(verdict.stable ? 'runs.stable' : 'runs.unstable') : '–'
      ], [null, null, 'num', null, 'num', 'num', null]));
    }
    if (state.runs && !state.runs.length) {
      body.appendChild(row([t('runs.noRuns')], [null], 'muted', 7));
    }
  }

  function row(cells, classes, rowClass, span) {
    const tr = document.createElement('tr');
    if (rowClass) tr.className = rowClass;
    cells.forEach((text, i) => {
      const td = document.createElement('td');
      if (classes[i]) td.className = classes[i];
      if (span) td.colSpan = span;
      td.textContent = text;
      tr.appendChild(td);
    });
    return tr;
  }

  // ---- client applications (shown once the clients endpoint exists) ----

  const CLIENT_COLUMNS = [
    ['application', 'clients.application', 'text'], ['role', 'clients.role', 'text'],
    ['address', 'clients.address', 'text'], ['sessions', 'clients.sessions', 'count'],
    ['active', 'clients.active', 'count'],
    ['idle', 'clients.idle', 'count'], ['idleInTransaction', 'clients.idleInTransaction', 'count'],
    ['aborted', 'clients.aborted', 'count'], ['waiting', 'clients.waiting', 'count'],
    ['oldestTransaction', 'clients.oldestTransaction', 'seconds'],
    ['longestIdleInTransaction', 'clients.longestIdleInTransaction', 'seconds'],
    ['churn', 'clients.churn', 'count']
  ];

  async function loadClients() {
    try {
      const { status, data } = await api(API.clients, { accept: [404] });
      if (status === 404) return false;
      state.clientsView = data;
      clearError('clients');
    } catch (e) {
      showError('clients', e);
    }
    $('#clients').hidden = false;
    renderClients();
    return true;
  }

  function renderClients() {
    if (!state.clientsView) return;
    const { column, descending } = state.clientSort;
    // the header is rebuilt only when the sort or the language changes: rebuilt on every poll, it would take the
    // keyboard focus (and a click under way) away from its buttons once a second
    const headKey = `${column} ${descending} ${state.lang}`;
    if (state.clientsHead !== headKey) renderClientsHead(column, descending, headKey);
    renderClientRows(column, descending);
  }

  function renderClientsHead(column, descending, headKey) {
    state.clientsHead = headKey;
    const head = $('#clients-table thead tr');
    head.textContent = '';
    for (const [key, label, kind] of CLIENT_COLUMNS) {
      const th = document.createElement('th');
      th.scope = 'col';
      if (kind !== 'text') th.className = 'num';
      th.setAttribute('aria-sort', key === column ? (descending ? 'descending' : 'ascending') : 'none');
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = t(label) + (key === column ? (descending ? ' ▼' : ' ▲') : '');
      button.setAttribute('aria-label', t('clients.sort', { column: t(label) }));
      button.addEventListener('click', () => {
        state.clientSort = { column: key, descending: key === column ? !descending : kind !== 'text' };
        renderClients();
      });
      th.appendChild(button);
      head.appendChild(th);
    }
  }

  function renderClientRows(column, descending) {
    const C = FIELDS.client;
    const sorted = FIELDS.clients.list(state.clientsView).slice().sort((a, b) => {
      const x = C[column](a);
      const y = C[column](b);
      const order = typeof x === 'number' || typeof y === 'number'
        ? (x || 0) - (y || 0) : String(x || '').localeCompare(String(y || ''), state.lang);
      return descending ? -order : order;
    });
    const body = $('#clients-table tbody');
    body.textContent = '';
    for (const client of sorted) {
      const idleInTransaction = C.idleInTransaction(client) > 0;
      const tr = row(CLIENT_COLUMNS.map(([key, , kind]) => {
        const value = C[key](client);
        return kind === 'seconds' ? duration(value) : kind === 'count' ? number(value) : value || '–';
      }), CLIENT_COLUMNS.map(([key, , kind]) => (kind === 'text' ? null
        : key === 'idleInTransaction' && idleInTransaction ? 'num idle-tx' : 'num')),
      idleInTransaction ? 'idle-tx' : null);
      body.appendChild(tr);
    }
    if (!sorted.length) body.appendChild(row([t('clients.empty')], [null], 'muted', CLIENT_COLUMNS.length));
    // say when the list is partial: other roles' sessions hidden (no pg_monitor), or clients beyond the list
    const V = FIELDS.clients;
    const notes = [];
    if (!V.complete(state.clientsView)) notes.push(V.visibility(state.clientsView));
    if (V.otherClients(state.clientsView) > 0) {
      notes.push(t('clients.other', { clients: number(V.otherClients(state.clientsView)),
        sessions: number(V.otherSessions(state.clientsView)) }));
    }
    $('#clients-note').textContent = notes.join(' ');
    $('#clients-note').hidden = !notes.length;
  }

  // ---- pool actions (shown once the control endpoints exist) ----

  async function loadActions() {
    try {
      const { status, data } = await api(API.actions, { key: storedKey(), accept: [404, 401] });
      if (status === 404) return false;
      state.actionsShown = true;
      $('#actions').hidden = false;
      if (status === 401) forgetKey();
      state.actions = status === 200 ? FIELDS.actions(data) : null;
      $('#actions-need-key').hidden = status !== 401;
      clearError('actions');
    } catch (e) {
      $('#actions').hidden = false;
      showError('actions', e);
    }
    renderActions();
    return true;
  }

  function renderActions() {
    const body = $('#actions-table tbody');
    body.textContent = '';
    const A = FIELDS.action;
    const pool = value => {
      if (!value) return '–';
      const p = FIELDS.poolState(value);
      return t('actions.poolState', { max: p.maxSize, min: p.minSize, active: p.active, idle: p.idle });
    };
    for (const action of state.actions || []) {
      body.appendChild(row([dateTime(A.at(action)), A.action(action), pool(A.before(action)),
        pool(A.after(action)), A.caller(action) || '–', A.outcome(action) || '–'], []));
    }
    if (state.actions && !state.actions.length) body.appendChild(row([t('actions.noAudit')], [null], 'muted', 6));
  }

  async function poolAction(event, confirmText, call) {
    event.preventDefault();
    if (!window.confirm(confirmText)) return;
    const result = $('#actions-result');
    result.hidden = true;
    try {
      const done = await withKey(call);
      if (!done) return;
      clearError('actions');
      result.textContent = t('actions.done', { summary: FIELDS.actionOutcome(done.data) });
      result.hidden = false;
      loadActions();
      loadDatabase();
    } catch (e) {
      showError('actions', e);
    }
  }

  function resizeRequest(form) {
    const body = {};
    for (const name of ['maxSize', 'minSize', 'acquisitionTimeout']) {
      const value = form.elements[name].value.trim();
      if (value !== '') body[name] = Number(value);
    }
    return body;
  }

  // ---- wiring ----

  function renderAll() {
    renderDatabase();
    renderHistory();
    renderAlerts();
    renderRun();
    renderRuns();
    renderClients();
    renderActions();
  }

  async function start() {
    $('#key-forget').hidden = !storedKey();
    makeCharts();
    await useLanguage(preferredLanguage());
    $('#lang').addEventListener('change', event => {
      localStorage.setItem(LANG_STORAGE, event.target.value);
      useLanguage(event.target.value);
    });
    $('#key-forget').addEventListener('click', forgetKey);
    for (const button of $$('[data-ask-key]')) {
      button.addEventListener('click', async () => {
        if (await askKey(null)) {
          loadRuns();
          if (state.actionsShown) loadActions();
        }
      });
    }
    const form = $('#run-form');
    form.addEventListener('submit', startRun);
    form.elements.mode.addEventListener('change', () => {
      form.elements.hold.disabled = form.elements.mode.value !== 'hold';
    });
    $('#run-cancel').addEventListener('click', cancelRun);
    $('#flush-form').addEventListener('submit', event => {
      const mode = event.target.elements.mode.value;
      poolAction(event, t('actions.confirmFlush', { mode }),
        key => api(API.flush, { method: 'POST', key, body: { mode } }));
    });
    $('#resize-form').addEventListener('submit', event => {
      const body = resizeRequest(event.target);
      poolAction(event, t('actions.confirmResize', { change: JSON.stringify(body) }),
        key => api(API.pool, { method: 'PATCH', key, body }));
    });

    // the view first: the history chart marks its connection budget
    await loadDatabase();
    await Promise.all([loadHistory(), loadAlerts(), loadRuns()]);
    later(loadDatabase, viewPeriod);
    later(loadHistory, monitorPeriod);
    later(loadAlerts, monitorPeriod);
    if (await loadClients()) later(loadClients, monitorPeriod);
    if (await loadActions()) later(loadActions, () => 30);
    setInterval(() => { if (!document.hidden) renderAges(); }, 1000);
    document.addEventListener('visibilitychange', renderAges);
    document.body.dataset.ready = 'true';
  }

  document.addEventListener('DOMContentLoaded', start);
})();
