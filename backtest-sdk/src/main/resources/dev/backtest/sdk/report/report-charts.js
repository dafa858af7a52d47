// Draws the charts of a backtest report with uPlot (inlined before this script) from the page's JSON chart data:
// UTC date ticks, round value ticks with one number of decimals per axis and thousands separators, a legend with the
// date and the values under the cursor, drag to zoom over time (every chart of the page follows), double-click to reset.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var formats = {};

  function fmt(v, decimals) {
    if (v == null || !isFinite(v)) {
      return '\u2014';
    }
    var f = formats[decimals] || (formats[decimals] = new Intl.NumberFormat('en-US',
        {minimumFractionDigits: decimals, maximumFractionDigits: decimals}));
    var s = f.format(v);
    return /^-0(\.0*)?$/.test(s) ? s.substring(1) : s;
  }

  // the decimals a tick step needs: 0 for 5, 20 or 1000; 1 for 0.5; 2 for 0.25
  function decimalsOf(step) {
    var d = 0;
    while (d < 10) {
      var scaled = step * Math.pow(10, d);
      if (Math.abs(scaled - Math.round(scaled)) <= 1e-7 * Math.max(1, Math.abs(scaled))) {
        break;
      }
      d++;
    }
    return d;
  }

  function utc(ts) {
    return uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC');
  }

  var dateFormats = {};

  function fmtDate(template, date) {
    return (dateFormats[template] || (dateFormats[template] = uPlot.fmtDate(template)))(date);
  }

  // time ticks by the step between them: years; months (with the year where it changes); days (likewise); hours and
  // minutes (with the day where it changes); all in UTC
  function timeTicks(u, splits, axis, space, step) {
    var previous = null;
    return splits.map(function (ts) {
      var d = utc(ts);
      var template;
      if (step >= 365 * 86400) {
        template = '{YYYY}';
      } else if (step >= 28 * 86400) {
        template = previous == null || d.getFullYear() !== previous.getFullYear() ? '{MMM}\n{YYYY}' : '{MMM}';
      } else if (step >= 86400) {
        template = previous == null || d.getFullYear() !== previous.getFullYear() ? '{MMM} {D}\n{YYYY}' : '{MMM} {D}';
      } else {
        template = previous == null || d.getDate() !== previous.getDate() ? '{HH}:{mm}\n{MMM} {D}' : '{HH}:{mm}';
      }
      previous = d;
      return fmtDate(template, d);
    });
  }

  var charts = [];
  var syncing = false;

  function followZoom(u, key) {
    if (key !== 'x' || syncing) {
      return;
    }
    syncing = true;
    var min = u.scales.x.min;
    var max = u.scales.x.max;
    charts.forEach(function (other) {
      if (other !== u) {
        other.setScale('x', {min: min, max: max});
      }
    });
    syncing = false;
  }

  function drawCandles(u) {
    var ctx = u.ctx;
    var x = u.data[0], o = u.data[1], h = u.data[2], l = u.data[3], c = u.data[4];
    var i0 = u.series[0].idxs ? u.series[0].idxs[0] : 0;
    var i1 = u.series[0].idxs ? u.series[0].idxs[1] : x.length - 1;
    var body = Math.max(1, Math.min(14 * devicePixelRatio, u.bbox.width / Math.max(1, i1 - i0 + 1) * 0.6));
    var wick = Math.max(1, Math.round(devicePixelRatio));
    ctx.save();
    ctx.beginPath();
    ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
    ctx.clip();
    for (var i = i0; i <= i1; i++) {
      if (o[i] == null) {
        continue;
      }
      var cx = u.valToPos(x[i], 'x', true);
      var yo = u.valToPos(o[i], 'y', true), yc = u.valToPos(c[i], 'y', true);
      var yh = u.valToPos(h[i], 'y', true), yl = u.valToPos(l[i], 'y', true);
      ctx.fillStyle = c[i] >= o[i] ? '#137333' : '#b3261e';
      ctx.fillRect(Math.round(cx - wick / 2), yh, wick, Math.max(1, yl - yh));
      ctx.fillRect(Math.round(cx - body / 2), Math.min(yo, yc), body, Math.max(1, Math.abs(yc - yo)));
    }
    ctx.restore();
  }

  function build(spec) {
    var el = document.getElementById(spec.id);
    var unit = spec.unit ? ' ' + spec.unit : '';
    var intraday = spec.x.some(function (t) { return t % 86400 !== 0; });
    var legendDate = intraday ? '{YYYY}-{MM}-{DD} {HH}:{mm}' : '{YYYY}-{MM}-{DD}';
    var columns = [spec.x];
    var series = [{label: 'time', value: function (u, ts) { return ts == null ? '\u2014' : fmtDate(legendDate, utc(ts)); }}];
    var list = spec.series;
    if (spec.kind === 'stack') {
      // cumulative shares, the top band first so that each lower band is painted over it
      var cumulative = [];
      var running = spec.x.map(function () { return 0; });
      list.forEach(function (s) {
        running = running.map(function (v, i) { return v + (s.values[i] == null ? 0 : s.values[i]); });
        cumulative.push(running);
      });
      list = list.map(function (s, k) { return {label: s.label, color: s.color, style: 'area', values: cumulative[k], shares: s.values}; })
          .reverse();
    }
    list.forEach(function (s) {
      columns.push(s.values);
      var shares = s.shares;
      var opts = {
        label: s.label,
        stroke: s.color,
        width: 1.5,
        spanGaps: false,
        value: function (u, v, si, i) {
          var shown = shares && i != null ? shares[i] : v;
          return shown == null ? '\u2014' : fmt(shown, 2) + unit;
        }
      };
      if (s.style === 'area') {
        opts.fill = spec.kind === 'stack' ? s.color : s.color + '40';
        opts.width = spec.kind === 'stack' ? 0 : 1;
        opts.fillTo = function () { return 0; };
      } else if (s.style === 'points' || s.style === 'legend') {
        opts.paths = function () { return null; };
        opts.points = s.style === 'points' ? {show: true, size: 8, width: 1, stroke: '#ffffff', fill: s.color} : {show: false};
      }
      series.push(opts);
    });
    var yTicks = {
      stroke: '#5f6368',
      grid: {stroke: '#eceff1', width: 1},
      size: 70,
      values: function (u, splits, axis, space, step) {
        var d = decimalsOf(step != null ? step : (splits.length > 1 ? Math.abs(splits[1] - splits[0]) : 1));
        return splits.map(function (v) { return fmt(v, d) + unit; });
      }
    };
    var scales = {x: {time: true}};
    if (spec.kind === 'stack') {
      scales.y = {range: [0, 100]};
    } else if (spec.id === 'drawdown-chart') {
      scales.y = {range: function (u, min) { return [Math.min(min, -0.01) * 1.05, 0]; }};
    }
    var chart = new uPlot({
      width: el.clientWidth || 1100,
      height: spec.height,
      tzDate: utc,
      scales: scales,
      series: series,
      axes: [{stroke: '#5f6368', grid: {stroke: '#eceff1', width: 1}, values: timeTicks}, yTicks],
      cursor: {sync: {key: 'report', setSeries: false}, drag: {x: true, y: false, setScale: true}},
      legend: {live: true},
      hooks: {
        drawAxes: spec.kind === 'candles' ? [drawCandles] : [],
        setScale: [followZoom]
      }
    }, columns, el);
    charts.push(chart);
  }

  data.charts.forEach(build);
  // for readers of the page who script it (and its browser test): the uPlot instances, in page order
  window.backtestReport = {charts: charts};
  document.body.setAttribute('data-charts', String(charts.length));
})();
