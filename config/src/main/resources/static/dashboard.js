// The dashboard: polls the REST API (executions and schedules every 1.5 s, stores and projections
// every 5 s) and renders it. No framework, no build: ES modules, one per panel (executions.js,
// projections.js), charts over uPlot (charts.js). Every value is inserted as text, never as HTML.
import { $, act, api, badge, bytes, el, number, params, post, say, time } from './common.js';
import { renderExecutions, renderRunning } from './executions.js';
import { refreshProjections } from './projections.js';

function renderSchedules(schedules) {
  const body = $('#schedules tbody');
  if (schedules.length === 0) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: 8, class: 'empty' }, 'No schedules configured (replay.schedules.*).')));
    return;
  }
  body.replaceChildren(...schedules.map((s) => {
    const last = s.lastFiring;
    const paused = s.state.startsWith('PAUSED');
    return el('tr', { 'data-name': s.name },
      el('td', {}, el('strong', {}, s.name)), el('td', {}, s.job, el('div', { class: 'params' }, params(s.parameters))),
      el('td', {}, el('code', {}, s.cron), el('div', { class: 'sub' }, s.zone)), el('td', {}, badge(s.state)),
      el('td', {}, time(s.nextFireTime)), el('td', {}, time(s.previousFireTime)),
      el('td', {}, last ? [badge(last.outcome), ' ', last.jobExecutionId ? '#' + last.jobExecutionId : '',
        el('div', { class: last.outcome === 'LAUNCHED' ? 'sub' : 'failure' }, last.message || '')] : '–'),
      el('td', {}, el('button', { class: 'secondary', onclick: () => act('/api/schedules/' + encodeURIComponent(s.name) + (paused ? '/resume' : '/pause'),
        (paused ? 'Resumed ' : 'Paused ') + s.name) }, paused ? 'Resume' : 'Pause')));
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

document.addEventListener('replay:changed', () => { refresh(); refreshProjections(); });
refresh();
refreshStores();
refreshProjections();
setInterval(refresh, 1500);
setInterval(refreshStores, 5000);
setInterval(refreshProjections, 5000);
