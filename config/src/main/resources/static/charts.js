// Small time charts over uPlot (served with the page from its webjar, loaded before the modules
// as the global uPlot). A chart is made once and kept: the panels replace its data as they poll.
// Its container carries data-points, the number of values drawn, for a look or a test.
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const HEIGHT = 150;

// series: [{label, stroke}]; unit: shown after values in the legend ("events/s", "s", "events").
export function timeChart(container, title, series, unit) {
  container.classList.add('chart');
  const heading = document.createElement('div');
  heading.className = 'chart-title';
  heading.textContent = title;
  const plot = document.createElement('div');
  const none = document.createElement('div');
  none.className = 'no-data';
  none.textContent = 'nothing yet';
  container.replaceChildren(heading, none, plot);
  const options = {
    width: Math.max(container.clientWidth, 240), height: HEIGHT,
    scales: { x: { time: true } },
    series: [{}].concat(series.map((s) => ({
      label: s.label, stroke: s.stroke, width: 2, spanGaps: true, points: { show: true, size: 5, fill: s.stroke },
      value: (u, v) => (v == null ? '–' : compact.format(v) + ' ' + unit),
    }))),
    axes: [{ stroke: '#616e7c' }, { stroke: '#616e7c', size: 48, values: (u, splits) => splits.map((v) => compact.format(v)) }],
    legend: { live: true },
  };
  const chart = new uPlot(options, [[]].concat(series.map(() => [])), plot);
  new ResizeObserver(() => chart.setSize({ width: Math.max(container.clientWidth, 240), height: HEIGHT })).observe(container);
  return {
    // data: [xs in epoch seconds ascending, ys of series 1, ...], null where a series has no value
    update(data) {
      chart.setData(data);
      const points = data.slice(1).reduce((n, ys) => n + ys.filter((v) => v != null).length, 0);
      container.dataset.points = points;
      none.hidden = points > 0;
    },
  };
}

export const seconds = (iso) => new Date(iso).getTime() / 1000;
