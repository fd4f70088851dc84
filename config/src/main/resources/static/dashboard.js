// The dashboard: polls the REST API (executions and schedules every 1.5 s, stores every 5 s) and
// renders it. No framework, no build. Every value is inserted as text, never as HTML.
(function () {
  'use strict';
  const $ = (selector) => document.querySelector(selector);
  const number = (n) => (n == null ? '–' : Number(n).toLocaleString('en-US'));
  const bytes = (n) => {
    if (n == null) return '–';
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
  };
  const duration = (ms) => {
    const s = ms / 1000;
    if (s < 60) return s.toFixed(1) + 's';
    if (s < 3600) return Math.floor(s / 60) + 'm' + String(Math.floor(s % 60)).padStart(2, '0') + 's';
    return Math.floor(s / 3600) + 'h' + String(Math.floor((s % 3600) / 60)).padStart(2, '0') + 'm';
  };
  const time = (iso) => (iso ? new Date(iso).toLocaleString() : '–');
  const params = (p) => Object.entries(p || {}).filter(([k]) => k !== 'run').map(([k, v]) => k + '=' + v).join(', ');

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (k === 'class') node.className = v; else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    });
    children.flat().forEach((c) => node.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c))));
    return node;
  }
  const badge = (text) => el('span', { class: 'badge ' + text }, text);

  async function api(path, options) {
    const response = await fetch(path, Object.assign({ headers: { 'Accept': 'application/json' } }, options));
    const body = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) throw new Error((body && body.message) || response.status + ' ' + response.statusText);
    return body;
  }
  const post = (path, body) => api(path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
    body: JSON.stringify(body || {}) });

  function say(text, error) {
    const message = $('#message');
    message.textContent = text;
    message.className = 'message' + (error ? ' error' : '');
  }

  function progressText(e) {
    if (e.progress == null) return number(e.readCount) + ' events';
    return number(e.done) + ' / ' + number(e.total) + ' events (' + Math.floor(e.progress * 100) + '%)';
  }

  function renderRunning(executions) {
    const running = executions.filter((e) => ['STARTING', 'STARTED', 'STOPPING'].includes(e.status));
    $('#running-count').textContent = running.length;
    const box = $('#running');
    box.replaceChildren(...(running.length === 0 ? [el('p', { class: 'empty' }, 'Nothing running.')] : running.map((e) =>
      el('div', { class: 'running-card', 'data-id': e.id },
        el('div', { class: 'title' }, el('strong', {}, e.job + ' #' + e.id), badge(e.status), el('span', {}, params(e.parameters)),
          el('span', { class: 'sub' }, 'step ' + (e.step || '–') + ' · ' + number(e.eventsPerSecond) + ' events/s · ' + duration(e.durationMillis))),
        el('div', { class: 'bar' }, el('div', { style: 'width:' + ((e.progress || 0) * 100).toFixed(1) + '%' })),
        el('div', { class: 'progress', 'data-execution': e.id }, progressText(e)),
        e.status === 'STOPPING' ? '' : el('button', { class: 'secondary', onclick: () => act('/api/executions/' + e.id + '/stop', 'Asked execution ' + e.id + ' to stop') }, 'Stop')))));
  }

  function renderExecutions(executions) {
    $('#executions tbody').replaceChildren(...executions.map((e) => el('tr', { 'data-id': e.id, 'data-status': e.status },
      el('td', { class: 'num' }, e.id), el('td', {}, e.job), el('td', { class: 'params' }, params(e.parameters)),
      el('td', {}, badge(e.status), e.exitMessage ? el('div', { class: 'failure' }, e.exitMessage) : ''),
      el('td', {}, e.step || '–'), el('td', { class: 'num' }, number(e.readCount)), el('td', { class: 'num' }, number(e.writeCount)),
      el('td', { class: 'num' }, number(e.skipCount)), el('td', { class: 'num' }, number(e.eventsPerSecond)),
      el('td', { class: 'num' }, duration(e.durationMillis)), el('td', {}, time(e.startTime)),
      el('td', {}, ['FAILED', 'STOPPED'].includes(e.status)
        ? el('button', { class: 'secondary', onclick: () => act('/api/executions/' + e.id + '/restart', 'Restarted execution ' + e.id) }, 'Restart') : ''))));
  }

  function renderSchedules(schedules) {
    const body = $('#schedules tbody');
    if (schedules.length === 0) {
      body.replaceChildren(el('tr', {}, el('td', { colspan: 8, class: 'empty' }, 'No schedules configured (replay.schedules.*).')));
      return;
    }
    body.replaceChildren(...schedules.map((s) => {
      const last = s.lastFiring;
      return el('tr', { 'data-name': s.name },
        el('td', {}, el('strong', {}, s.name)), el('td', {}, s.job, el('div', { class: 'params' }, params(s.parameters))),
        el('td', {}, el('code', {}, s.cron), el('div', { class: 'sub' }, s.zone)), el('td', {}, badge(s.state)),
        el('td', {}, time(s.nextFireTime)), el('td', {}, time(s.previousFireTime)),
        el('td', {}, last ? [badge(last.outcome), ' ', last.jobExecutionId ? '#' + last.jobExecutionId : '',
          el('div', { class: last.outcome === 'LAUNCHED' ? 'sub' : 'failure' }, last.message || '')] : '–'),
        el('td', {}, el('button', { class: 'secondary', onclick: () => act('/api/schedules/' + encodeURIComponent(s.name) + (s.state.startsWith('PAUSED') ? '/resume' : '/pause'),
          (s.state.startsWith('PAUSED') ? 'Resumed ' : 'Paused ') + s.name) }, s.state.startsWith('PAUSED') ? 'Resume' : 'Pause')));
    }));
  }

  function renderStores(stores) {
    $('#hot-rows').textContent = number(stores.hotStore.rows) + ' events';
    $('#hot-bytes').textContent = bytes(stores.hotStore.bytes) + ' on disk';
    $('#archive-rows').textContent = number(stores.archive.rows) + ' events';
    $('#archive-bytes').textContent = number(stores.archive.segments) + ' segments · ' + bytes(stores.archive.bytes);
    $('#archive-location').textContent = stores.archive.location;
    $('#database').textContent = stores.database;
    const partitions = stores.archive.partitions.slice().reverse();
    $('#partitions tbody').replaceChildren(...(partitions.length === 0
      ? [el('tr', {}, el('td', { colspan: 4, class: 'empty' }, 'Nothing archived yet.'))]
      : partitions.map((p) => el('tr', {}, el('td', {}, p.date), el('td', { class: 'num' }, number(p.segments)),
        el('td', { class: 'num' }, number(p.rows)), el('td', { class: 'num' }, bytes(p.bytes))))));
  }

  async function act(path, done) {
    try {
      const answer = await post(path);
      say(done + (answer && answer.id ? ': execution ' + answer.id : ''));
      refresh();
    } catch (error) {
      say(error.message, true);
    }
  }

  document.querySelectorAll('.launch form').forEach((form) => form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const parameters = {};
    new FormData(form).forEach((value, key) => { if (String(value).trim() !== '') parameters[key] = String(value).trim(); });
    try {
      const answer = await post('/api/jobs/' + form.dataset.job + '/executions', parameters);
      say(answer.id ? 'Launched ' + answer.job + ': execution ' + answer.id : answer.message);
      refresh();
    } catch (error) {
      say(error.message, true);
    }
  }));

  async function refresh() {
    try {
      const [executions, schedules] = await Promise.all([api('/api/executions?limit=25'), api('/api/schedules')]);
      renderRunning(executions);
      renderExecutions(executions);
      renderSchedules(schedules);
      $('#refresh').textContent = 'updated ' + new Date().toLocaleTimeString();
    } catch (error) {
      $('#refresh').textContent = 'cannot reach the server: ' + error.message;
    }
  }
  async function refreshStores() {
    try { renderStores(await api('/api/stores')); } catch (error) { /* shown by refresh() */ }
  }

  refresh();
  refreshStores();
  setInterval(refresh, 1500);
  setInterval(refreshStores, 5000);
})();
