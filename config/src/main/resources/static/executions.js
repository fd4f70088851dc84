// The running jobs (a card each: bar, events/s, ETA and a chart of the rate between polls) and
// the table of recent executions (failure reason, superseded runs, Stop and Restart).
import { $, act, badge, duration, el, number, params, time } from './common.js';
import { timeChart } from './charts.js';

const RUNNING = ['STARTING', 'STARTED', 'STOPPING'];
const SAMPLES = 200; // rate points kept per running job: 5 minutes at one poll each 1.5 s
const cards = new Map(); // execution id -> its card, kept while it runs so that its chart keeps its points

function progressText(e) {
  if (e.progress == null) return number(e.readCount) + ' events';
  return number(e.done) + ' / ' + number(e.total) + ' events (' + Math.floor(e.progress * 100) + '%)';
}

function clock(seconds) {
  const s = Math.round(seconds);
  return Math.floor(s / 3600) + ':' + String(Math.floor((s % 3600) / 60)).padStart(2, '0') + ':' + String(s % 60).padStart(2, '0');
}

// events done per second between this poll and the previous one; a partitioned run's done counts all its partitions
function sample(card, e) {
  const now = Date.now() / 1000;
  const done = e.done || e.readCount;
  if (card.last && now > card.last.at && done >= card.last.done) {
    card.xs.push(now);
    card.rates.push(Math.round((done - card.last.done) / (now - card.last.at)));
    if (card.xs.length > SAMPLES) { card.xs.shift(); card.rates.shift(); }
    card.chart.update(card.xs, card.rates);
  }
  card.last = { at: now, done };
}

function eta(card, e) {
  if (e.progress == null || e.total <= e.done) return '–';
  const recent = card.rates.slice(-5);
  const rate = recent.length ? recent.reduce((a, b) => a + b, 0) / recent.length : e.eventsPerSecond;
  return rate > 0 ? clock((e.total - e.done) / rate) : '–';
}

function createCard(e) {
  const card = {
    root: el('div', { class: 'running-card', 'data-id': e.id }), title: el('div', { class: 'title' }), sub: el('span', { class: 'sub' }),
    fill: el('div'), progress: el('div', { class: 'progress', 'data-execution': e.id }), rateChart: el('div', { class: 'rate-chart' }),
    stop: el('button', { class: 'secondary', onclick: () => act('/api/executions/' + e.id + '/stop', 'Asked execution ' + e.id + ' to stop') }, 'Stop'),
    xs: [], rates: [],
  };
  card.root.append(card.title, el('div', { class: 'bar' }, card.fill), card.progress, card.stop, card.rateChart);
  $('#running').append(card.root);
  card.chart = timeChart(card.rateChart, 'Rate between polls', [{ label: 'events/s', stroke: '#2563eb' }], 'events/s');
  return card;
}

function fillCard(card, e) {
  card.title.replaceChildren(el('strong', {}, e.job + ' #' + e.id), badge(e.status), el('span', {}, params(e.parameters)),
    e.partitions ? el('span', { class: 'badge partitions' }, e.partitions + ' partitions') : '', card.sub);
  card.sub.textContent = 'step ' + (e.step || '–') + ' · ' + number(e.eventsPerSecond) + ' events/s · '
    + duration(e.durationMillis) + ' · ETA ' + eta(card, e);
  card.fill.style.width = ((e.progress || 0) * 100).toFixed(1) + '%';
  card.progress.textContent = progressText(e);
  card.stop.hidden = e.status === 'STOPPING';
}

export function renderRunning(executions) {
  const running = executions.filter((e) => RUNNING.includes(e.status));
  $('#running-count').textContent = running.length;
  for (const [id, card] of cards) {
    if (!running.some((e) => e.id === id)) { card.root.remove(); cards.delete(id); }
  }
  running.forEach((e) => {
    const card = cards.get(e.id) || cards.set(e.id, createCard(e)).get(e.id);
    sample(card, e);
    fillCard(card, e);
  });
  $('#running-empty').hidden = running.length > 0;
}

function statusCell(e) {
  const reason = e.failureReason || e.exitMessage;
  return el('td', {}, badge(e.status), reason ? el('div', { class: 'failure' }, reason) : '',
    e.supersededBy ? el('div', { class: 'superseded' }, 'superseded by #' + e.supersededBy) : '');
}

function restartCell(e) {
  const restartable = ['FAILED', 'STOPPED'].includes(e.status) && e.supersededBy == null;
  return el('td', {}, restartable
    ? el('button', { class: 'secondary restart', onclick: () => act('/api/executions/' + e.id + '/restart', 'Restarted execution ' + e.id) }, 'Restart') : '');
}

export function renderExecutions(executions) {
  $('#executions tbody').replaceChildren(...executions.map((e) => el('tr', { 'data-id': e.id, 'data-status': e.status },
    el('td', { class: 'num' }, e.id), el('td', {}, e.job), el('td', { class: 'params' }, params(e.parameters)), statusCell(e),
    el('td', {}, e.step || '–'), el('td', { class: 'num' }, number(e.readCount)), el('td', { class: 'num' }, number(e.writeCount)),
    el('td', { class: 'num' }, number(e.skipCount)), el('td', { class: 'num' }, number(e.eventsPerSecond)),
    el('td', { class: 'num' }, duration(e.durationMillis)), el('td', {}, time(e.startTime)), restartCell(e))));
}
