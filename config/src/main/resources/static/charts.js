// Small charts over uPlot (served with the page from its webjar, loaded before the modules as the
// global uPlot). A chart is made once and kept: the panels replace its data as they poll. Its
// container carries data-points, the number of values drawn, for a look or a test.
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const HEIGHT = 150;
const MIN_WIDTH = 240;

function make(container, title, series, unit, x) {
  container.classList.add('chart');
  const heading = document.createElement('div');
  heading.className = 'chart-title';
  heading.textContent = title;
  const none = document.createElement('div');
  none.className = 'no-data';
  none.textContent = 'nothing yet';
  const plot = document.createElement('div');
  plot.style.visibility = 'hidden'; // empty axes would span from 1970
  container.replaceChildren(heading, none, plot);
  const options = {
    width: Math.max(container.clientWidth, MIN_WIDTH), height: HEIGHT,
    scales: { x: x.scale },
    series: [Object.assign({ label: x.label }, x.value ? { value: x.value } : {})].concat(series.map((s) => ({
      label: s.label, stroke: s.stroke, width: 2, spanGaps: true, points: { show: true, size: 5, fill: s.stroke },
      value: (u, v) => (v == null ? '–' : compact.format(v) + ' ' + unit),
    }))),
    axes: [Object.assign({ stroke: '#616e7c' }, x.axis), { stroke: '#616e7c', size: 48, values: (u, splits) => splits.map((v) => compact.format(v)) }],
    legend: { live: true },
  };
  const chart = new uPlot(options, [[]].concat(series.map(() => [])), plot);
  new ResizeObserver(() => chart.setSize({ width: Math.max(container.clientWidth, MIN_WIDTH), height: HEIGHT })).observe(container);
  return (data, xRange) => {
    chart.setData(data);
    if (xRange && xRange.max > xRange.min) chart.setScale('x', xRange); // an empty range would never finish its axis
    const points = data.slice(1).reduce((n, ys) => n + ys.filter((v) => v != null).length, 0);
    container.dataset.points = points;
    none.hidden = points > 0;
    plot.style.visibility = points > 0 ? 'visible' : 'hidden';
  };
}

// x in epoch seconds, ascending; a single sample gets a minute around it rather than uPlot's years
export function timeChart(container, title, series, unit) {
  const update = make(container, title, series, unit, {
    label: 'Time', scale: { time: true },
  });
  return { update: (xs, ...ys) => update([xs, ...ys], xs.length === 1 ? { min: xs[0] - 30, max: xs[0] + 30 } : null) };
}

// one x per run, labelled by its execution ("#42"), oldest left
export function runChart(container, title, series, unit) {
  let labels = [];
  const label = (i) => (labels[i] == null ? '' : labels[i]);
  const update = make(container, title, series, unit, {
    label: 'Run', value: (u, i) => label(i), scale: { time: false },
    axis: { values: (u, splits) => splits.map((i) => (Number.isInteger(i) ? label(i) : '')) },
  });
  return {
    update: (runLabels, ...ys) => {
      labels = runLabels;
      update([runLabels.map((l, i) => i), ...ys], runLabels.length ? { min: -0.5, max: runLabels.length - 0.5 } : null); // room each side
    },
  };
}

export const seconds = (iso) => new Date(iso).getTime() / 1000;
