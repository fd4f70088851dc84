// The projections panel: per projection its live build, high-water mark, lag, dead letters and
// last completed runs, a Rollback button, and charts of its recent rebuilds and of its lag.
import { $, api, el, number, post, say, time } from './common.js';
import { runChart, seconds, timeChart } from './charts.js';

const FULL = '#2563eb';
const CATCH_UP = '#d97706';
const cards = new Map(); // projection name -> its card, kept so that its charts are made once

function fact(label, value) {
  return el('div', { class: 'fact' }, el('div', { class: 'label' }, label), value);
}

function run(label, r) {
  return r ? label + ' #' + r.executionId + ': ' + (r.durationSeconds == null ? '–' : r.durationSeconds.toFixed(1) + 's')
    + ' · ' + number(r.events) + ' events · ' + number(r.eventsPerSecond == null ? null : Math.round(r.eventsPerSecond)) + ' events/s'
    : label + ': none';
}

// what a rollback swaps in: the newest kept copy older than the live build (a copy rolled back from is newer)
function rollbackTarget(p) {
  return p.liveBuild == null ? undefined : (p.keptCopies || []).find((build) => build < p.liveBuild);
}

async function rollback(p) {
  const previous = rollbackTarget(p);
  if (!window.confirm('Roll back ' + p.name + ' from build ' + p.liveBuild + ' to build ' + previous + '?')) return;
  try {
    const answer = await post('/api/projections/' + encodeURIComponent(p.name) + '/rollback');
    say('Rolled back ' + answer.name + ': build ' + answer.liveBuild + ' is live again (was ' + answer.previousBuild + ')');
    refreshProjections();
  } catch (error) {
    say(error.message, true);
  }
}

function createCard(p) {
  const card = { live: el('div', { class: 'value live' }), since: el('div', { class: 'sub since' }),
    mark: el('div', { class: 'value hwm' }), lag: el('div', { class: 'value lag' }),
    deadLetters: el('div', { class: 'value dead-letters' }), completed: el('div', { class: 'value last-completed' }),
    runs: el('div', { class: 'sub runs' }), rollback: el('button', { class: 'secondary rollback', onclick: () => rollback(card.p) }, 'Rollback'),
    charts: [el('div', { class: 'runs-duration' }), el('div', { class: 'runs-rate' }), el('div', { class: 'lag-chart' })] };
  card.root = el('div', { class: 'projection-card', 'data-name': p.name },
    el('div', { class: 'title' }, el('strong', {}, p.name), el('span', { class: 'sub source' }, p.source), card.rollback),
    el('div', { class: 'facts' }, fact('Live build', [card.live, card.since]), fact('High-water mark', card.mark), fact('Lag', card.lag),
      fact('Dead letters', card.deadLetters), fact('Last completed', [card.completed, card.runs])),
    el('div', { class: 'charts' }, card.charts));
  $('#projections').append(card.root);
  const modes = [{ label: 'full', stroke: FULL }, { label: 'catch-up', stroke: CATCH_UP }];
  card.duration = runChart(card.charts[0], 'Rebuild duration per run', modes, 's');
  card.rate = runChart(card.charts[1], 'Rebuild events/s per run', modes, 'events/s');
  card.lagChart = timeChart(card.charts[2], 'Lag over time', [{ label: 'lag', stroke: '#b91c1c' }], 'events');
  return card;
}

function fillCard(card, p) {
  card.p = p;
  card.live.textContent = p.liveBuild == null ? 'none' : 'build ' + p.liveBuild;
  card.since.textContent = p.liveSince ? 'since ' + time(p.liveSince) : '';
  card.mark.textContent = p.highWaterMark == null ? '–' : p.highWaterMark;
  card.lag.textContent = p.lagEvents == null ? '–' : number(p.lagEvents) + ' events';
  card.deadLetters.textContent = number(p.deadLetters);
  card.completed.textContent = time(p.lastCompletedAt);
  card.runs.replaceChildren(el('div', {}, run('full', p.lastFull)), el('div', {}, run('catch-up', p.lastCatchUp)));
  const target = rollbackTarget(p);
  card.rollback.disabled = target === undefined;
  card.rollback.title = target === undefined ? 'no older kept copy to go back to (replay.rebuild.keep-copies)' : 'swap build ' + target + ' back in';
}

// runs come newest first; a chart wants the oldest left, and one series per mode (null where the other mode ran)
function drawRuns(card, runs) {
  const ordered = runs.slice().reverse();
  const labels = ordered.map((r) => '#' + r.executionId);
  const by = (mode, field) => ordered.map((r) => (r.mode === mode ? r[field] : null));
  card.duration.update(labels, by('full', 'durationSeconds'), by('catch-up', 'durationSeconds'));
  card.rate.update(labels, by('full', 'eventsPerSecond'), by('catch-up', 'eventsPerSecond'));
}

async function refreshCharts(card, name) {
  const path = '/api/projections/' + encodeURIComponent(name);
  const [runs, lag] = await Promise.all([api(path + '/runs?limit=20').catch(() => []), api(path + '/lag').catch(() => [])]);
  drawRuns(card, runs);
  card.lagChart.update(lag.map((s) => seconds(s.at)), lag.map((s) => s.lagEvents));
}

export async function refreshProjections() {
  let projections;
  try { projections = await api('/api/projections'); } catch (error) { return; } // the executions' poll says so
  for (const [name, card] of cards) {
    if (!projections.some((p) => p.name === name)) { card.root.remove(); cards.delete(name); }
  }
  await Promise.all(projections.map((p) => {
    const card = cards.get(p.name) || cards.set(p.name, createCard(p)).get(p.name);
    fillCard(card, p);
    return refreshCharts(card, p.name);
  }));
}
