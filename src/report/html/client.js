// Draws the memeval report from the JSON embedded in the page. Runs offline: no network, no
// libraries. Every value from the data goes into the page through textContent or attributes,
// never as HTML, because answers and questions are arbitrary text.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('memeval-data').textContent);
  var NS = 'http://www.w3.org/2000/svg';
  var PALETTE = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4d7c0f', '#9333ea', '#475569'];

  function el(tag, attrs, text) {
    var e = document.createElementNS(NS, tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function html(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function seriesOf(r) { return r.strategy + ' · ' + r.model; }
  var series = [];
  data.summary.concat(data.probes).forEach(function (r) { if (series.indexOf(seriesOf(r)) < 0) series.push(seriesOf(r)); });
  function color(s) { return PALETTE[series.indexOf(s) % PALETTE.length]; }
  function pct(v) { return v === null ? '–' : (v * 100).toFixed(1) + '%'; }
  function niceMax(v) {
    if (!(v > 0)) return 1;
    var p = Math.pow(10, Math.floor(Math.log10(v)));
    var steps = [1, 2, 2.5, 5, 10];
    for (var i = 0; i < steps.length; i++) if (steps[i] * p >= v) return steps[i] * p;
    return 10 * p;
  }
  function fmt(v) { return Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en') : Number(v.toPrecision(3)).toString(); }

  function legend(container) {
    var box = html('div', { class: 'legend' });
    series.forEach(function (s) { var sp = html('span', { style: '--c:' + color(s) }, s); box.appendChild(sp); });
    container.appendChild(box);
  }

  /** A frame with axes; returns the svg and x/y scale functions. */
  function frame(opts) {
    var W = opts.width || 560, H = opts.height || 320, L = opts.left || 56, R = 30, T = 14, B = 42;
    var svg = el('svg', { width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': opts.title });
    var x = function (v) { return L + ((v - opts.xMin) / (opts.xMax - opts.xMin || 1)) * (W - L - R); };
    var y = function (v) { return H - B - ((v - opts.yMin) / (opts.yMax - opts.yMin || 1)) * (H - T - B); };
    var axis = el('g', { class: 'axis' });
    for (var i = 0; i <= 4; i++) {
      var yv = opts.yMin + ((opts.yMax - opts.yMin) * i) / 4;
      if (opts.grid !== false) axis.appendChild(el('line', { class: 'grid', x1: L, x2: W - R, y1: y(yv), y2: y(yv) }));
      axis.appendChild(el('text', { x: L - 6, y: y(yv) + 4, 'text-anchor': 'end' }, opts.yFormat(yv)));
      if (opts.xTicks !== false) {
        var xv = opts.xMin + ((opts.xMax - opts.xMin) * i) / 4;
        axis.appendChild(el('text', { x: x(xv), y: H - B + 16, 'text-anchor': 'middle' }, opts.xFormat(xv)));
      }
    }
    axis.appendChild(el('line', { x1: L, x2: W - R, y1: H - B, y2: H - B }));
    axis.appendChild(el('line', { x1: L, x2: L, y1: T, y2: H - B }));
    axis.appendChild(el('text', { x: (L + W - R) / 2, y: H - 6, 'text-anchor': 'middle' }, opts.xLabel));
    axis.appendChild(el('text', { x: 12, y: (T + H - B) / 2, transform: 'rotate(-90 12 ' + (T + H - B) / 2 + ')', 'text-anchor': 'middle' }, opts.yLabel));
    svg.appendChild(axis);
    return { svg: svg, x: x, y: y, W: W, H: H, L: L, R: R, T: T, B: B };
  }

  // 1. Recall versus cost per exchange (or mean input tokens when nothing is priced).
  (function scatter() {
    var box = document.getElementById('scatter');
    var rows = data.summary.filter(function (r) { return r.evidence_recall !== null || r.accuracy !== null; });
    // With --price-as the reader's own rows may be unpriced (the offline reader) while the
    // estimate rows carry dollars: plot the priced rows when there are any.
    var pricedRows = rows.filter(function (r) { return r.cost_per_exchange_usd !== null; });
    var priced = pricedRows.length > 0;
    var unpricedLeftOut = priced ? rows.length - pricedRows.length : 0;
    rows = priced ? pricedRows : rows.filter(function (r) { return r.priced_as === null || r.priced_as === rows.filter(function (q) { return seriesOf(q) === seriesOf(r); })[0].priced_as; });
    var xOf = function (r) { return priced ? r.cost_per_exchange_usd : r.mean_input_tokens; };
    var yOf = function (r) { return r.evidence_recall !== null ? r.evidence_recall : r.accuracy; };
    var f = frame({
      title: 'evidence recall versus ' + (priced ? 'cost per exchange' : 'mean input tokens'),
      xMin: 0, xMax: niceMax(Math.max.apply(null, rows.map(xOf).concat([0])) * 1.05), yMin: 0, yMax: 1,
      xFormat: priced ? function (v) { return '$' + fmt(v); } : fmt, yFormat: pct,
      xLabel: priced ? 'cost per exchange (USD)' : 'mean input tokens per exchange (no prices in this run)',
      yLabel: 'evidence recall',
    });
    var groups = {};
    rows.forEach(function (r) { var k = seriesOf(r) + (r.priced_as ? ' @' + r.priced_as : ''); (groups[k] = groups[k] || []).push(r); });
    Object.keys(groups).forEach(function (k) {
      var g = groups[k].slice().sort(function (a, b) { return xOf(a) - xOf(b); });
      var c = color(seriesOf(g[0]));
      if (g.length > 1) f.svg.appendChild(el('polyline', { points: g.map(function (r) { return f.x(xOf(r)) + ',' + f.y(yOf(r)); }).join(' '), fill: 'none', stroke: c, 'stroke-opacity': 0.5 }));
      g.forEach(function (r) {
        var pt = el('circle', { class: 'point', cx: f.x(xOf(r)), cy: f.y(yOf(r)), r: 6, fill: c, 'fill-opacity': 0.85, 'data-series': seriesOf(r), 'data-budget': r.budget_tokens });
        pt.appendChild(el('title', {}, seriesOf(r) + ', budget ' + r.budget_tokens + (r.priced_as ? ', priced as ' + r.priced_as + ' (estimate)' : '') + ': evidence recall ' + pct(r.evidence_recall) + ', accuracy ' + pct(r.accuracy) + ', ' + (priced ? '$' + fmt(r.cost_per_exchange_usd) + '/exchange' : fmt(r.mean_input_tokens) + ' input tokens') +
          // The summariser is paid apart from the chatbot (summary_* columns); say so beside it.
          (r.summary_cost_per_exchange_usd ? ' + $' + fmt(r.summary_cost_per_exchange_usd) + '/exchange summariser' : '')));
        f.svg.appendChild(pt);
        f.svg.appendChild(el('text', { x: f.x(xOf(r)) + 8, y: f.y(yOf(r)) - 6 }, String(r.budget_tokens)));
      });
    });
    box.appendChild(f.svg);
    legend(box);
    document.getElementById('scatter-note').textContent = priced
      ? 'One point per strategy × model × budget × priced-as model (labelled with the budget). Costs priced as a model other than the one that answered are estimates.' + (unpricedLeftOut > 0 ? ' ' + unpricedLeftOut + ' unpriced cell(s) are left out of this chart.' : '')
      : 'This run has no prices (the offline reader is unpriced; run with --price-as for dollar estimates), so the x axis is mean input tokens per exchange. One point per strategy × model × budget, labelled with the budget.';
  })();

  // 2. Accuracy and evidence recall by probe kind, one bar per strategy × model.
  function byKind(boxId, metric, label) {
    var box = document.getElementById(boxId);
    var kinds = [];
    data.probes.forEach(function (p) { if (kinds.indexOf(p.kind) < 0) kinds.push(p.kind); });
    kinds.sort();
    var W = Math.max(420, 70 + kinds.length * Math.max(84, series.length * 14 + 24));
    var f = frame({ title: label + ' by probe kind', width: W, xMin: 0, xMax: 1, yMin: 0, yMax: 1, xTicks: false, yFormat: pct, xLabel: 'probe kind', yLabel: label });
    var slot = (W - f.L - f.R) / Math.max(kinds.length, 1);
    var bw = Math.min(18, (slot - 12) / Math.max(series.length, 1));
    kinds.forEach(function (kind, i) {
      var x0 = f.L + i * slot + (slot - bw * series.length) / 2;
      series.forEach(function (s, j) {
        var ps = data.probes.filter(function (p) { return p.kind === kind && seriesOf(p) === s; });
        var vals = ps.map(metric).filter(function (v) { return v !== null; });
        if (vals.length === 0) return;
        var v = vals.reduce(function (a, b) { return a + b; }, 0) / vals.length;
        var bar = el('rect', { class: 'bar', x: x0 + j * bw, y: f.y(v), width: Math.max(bw - 2, 1), height: f.y(0) - f.y(v), fill: color(s), 'data-kind': kind, 'data-series': s });
        bar.appendChild(el('title', {}, s + ' · ' + kind + ': ' + pct(v) + ' over ' + vals.length + ' probe(s)'));
        f.svg.appendChild(bar);
      });
      f.svg.appendChild(el('text', { x: f.L + i * slot + slot / 2, y: f.H - f.B + 16, 'text-anchor': 'middle' }, kind));
    });
    box.appendChild(f.svg);
  }
  byKind('by-kind-accuracy', function (p) { return p.error !== null ? 0 : p.correct ? 1 : 0; }, 'accuracy');
  byKind('by-kind-recall', function (p) { return p.error !== null ? null : p.evidence_recall; }, 'evidence recall');

  // 3. Latency: every probe's total time as a dot per strategy × model, with p50 and p95 marks.
  (function latency() {
    var box = document.getElementById('latency');
    var timed = data.probes.filter(function (p) { return p.total_ms !== null && p.cached !== true; });
    var max = niceMax(Math.max.apply(null, timed.map(function (p) { return p.total_ms; }).concat([0])) * 1.05);
    var rowH = 44, H = 70 + series.length * rowH;
    var labelPx = Math.max.apply(null, series.map(function (s) { return s.length * 6.5; }).concat([60]));
    var f = frame({ title: 'latency per probe', width: Math.max(560, labelPx + 420), height: H, left: Math.min(360, labelPx + 20), xMin: 0, xMax: max, yMin: 0, yMax: series.length, grid: false, xFormat: function (v) { return fmt(v); }, yFormat: function () { return ''; }, xLabel: 'total ms per exchange (strategy + model; replayed calls left out)', yLabel: '' });
    series.forEach(function (s, i) {
      var yc = f.y(series.length - i - 0.5);
      f.svg.appendChild(el('text', { x: f.L - 8, y: yc + 4, 'text-anchor': 'end' }, s));
      var ms = timed.filter(function (p) { return seriesOf(p) === s; }).map(function (p) { return p.total_ms; }).sort(function (a, b) { return a - b; });
      ms.forEach(function (v, k) {
        // Deterministic jitter (by rank) so equal values do not hide each other.
        f.svg.appendChild(el('circle', { class: 'latency-dot', cx: f.x(v), cy: yc + ((k % 5) - 2) * 3, r: 2.5, fill: color(s), 'fill-opacity': 0.6 }));
      });
      [0.5, 0.95].forEach(function (q) {
        if (ms.length === 0) return;
        var v = ms[Math.min(ms.length - 1, Math.max(0, Math.ceil(q * ms.length) - 1))];
        f.svg.appendChild(el('line', { class: 'pmark', x1: f.x(v), x2: f.x(v), y1: yc - 12, y2: yc + 12, stroke: '#111', 'stroke-width': q === 0.5 ? 2 : 1, 'stroke-dasharray': q === 0.5 ? '' : '3 2' }));
        f.svg.appendChild(el('text', { x: f.x(v) + 3, y: yc - 13 }, (q === 0.5 ? 'p50 ' : 'p95 ') + fmt(v)));
      });
    });
    box.appendChild(f.svg);
  })();

  // 4. The per-probe table with filters. Filters can also come from the URL fragment
  //    (#strategy=…&model=…&kind=…&correct=true|false|error) so a link can point at failures.
  (function table() {
    var filters = ['strategy', 'model', 'kind', 'correct'];
    var tbody = document.querySelector('#probes tbody');
    var rows = data.probes.map(function (p) {
      var verdict = p.error !== null ? 'error' : p.correct ? 'true' : 'false';
      var tr = html('tr', { class: verdict === 'true' ? 'right' : verdict === 'false' ? 'wrong' : 'errored', 'data-strategy': p.strategy, 'data-model': p.model, 'data-kind': p.kind, 'data-correct': verdict });
      [
        [p.scenario_id + '/' + p.probe_id], [p.strategy], [p.model], [String(p.budget_tokens), 'num'], [p.kind], [p.question || ''], [p.expected || ''],
        [p.error !== null ? 'error: ' + p.error : p.answer === null ? '' : p.answer, 'answer'],
        [verdict === 'error' ? 'error' : verdict === 'true' ? 'correct' : 'wrong', 'verdict'],
        [p.evidence_recall === null ? '–' : pct(p.evidence_recall), 'num'], [p.leaked ? 'LEAK' : ''],
        [p.input_tokens === null ? '–' : String(p.input_tokens), 'num'], [p.total_ms === null ? '–' : p.total_ms.toFixed(2), 'num'],
      ].forEach(function (c) { tr.appendChild(html('td', c[1] ? { class: c[1] } : {}, c[0])); });
      tbody.appendChild(tr);
      return tr;
    });
    var controls = {};
    filters.forEach(function (name) {
      var select = document.getElementById('filter-' + name);
      var values = name === 'correct' ? ['true', 'false', 'error'] : [];
      if (name !== 'correct') data.probes.forEach(function (p) { if (values.indexOf(p[name]) < 0) values.push(p[name]); });
      select.appendChild(html('option', { value: '' }, 'all'));
      values.forEach(function (v) { select.appendChild(html('option', { value: v }, name === 'correct' ? { true: 'correct', false: 'wrong', error: 'errored' }[v] : v)); });
      select.addEventListener('change', apply);
      controls[name] = select;
    });
    var params = new URLSearchParams(location.hash.replace(/^#/, ''));
    filters.forEach(function (name) { if (params.has(name)) controls[name].value = params.get(name); });
    function apply() {
      var shown = 0;
      rows.forEach(function (tr) {
        var ok = filters.every(function (name) { return controls[name].value === '' || tr.getAttribute('data-' + name) === controls[name].value; });
        tr.hidden = !ok;
        if (ok) shown++;
      });
      document.getElementById('probe-count').textContent = shown + ' of ' + rows.length + ' probes shown';
    }
    apply();
  })();
  document.body.setAttribute('data-rendered', 'true');
})();
