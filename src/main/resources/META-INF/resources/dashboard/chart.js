/*
 * A small SVG line chart for the dashboard: time on x, a few series on y, an optional dashed line (a budget).
 * Hand-written rather than a library: a dozen lines of drawing keep the page far under its weight budget and
 * leave nothing to fetch, register or load in the native image.
 */
'use strict';

window.PoolGuardChart = (function () {
  const SVG = 'http://www.w3.org/2000/svg';
  const HEIGHT = 170;
  const MARGIN = { left: 44, right: 10, top: 8, bottom: 20 };

  function el(name, attrs, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  }

  // axis tops close above the data (times a power of ten), each with a count of gridlines that gives round ticks
  const STEPS = [[1, 5], [1.2, 4], [1.5, 3], [2, 4], [2.5, 5], [3, 3], [4, 4], [5, 5], [6, 3], [8, 4], [10, 5]];

  /** The axis top and gridline count for values up to {@code value}, never below {@code floor}. */
  function axis(value, floor) {
    const wanted = Math.max(value, floor, 1e-9);
    const power = Math.pow(10, Math.floor(Math.log10(wanted)));
    for (const [step, lines] of STEPS) {
      if (wanted <= step * power * 1.0000001) return { top: step * power, lines };
    }
    return { top: 10 * power, lines: 5 };
  }

  /**
   * @param container element to draw into
   * @param options series: [{key, label, color, dashed}], minMax: smallest y-axis top, format: y value to text,
   *        time: epoch millis to text
   */
  function Chart(container, options) {
    this.container = container;
    this.options = options;
    this.points = [];
    this.svg = el('svg', { role: 'img', focusable: 'false' }, container);
    this.legend = document.createElement('ul');
    this.legend.className = 'legend';
    container.appendChild(this.legend);
    if (window.ResizeObserver) {
      let lastWidth = 0;
      new ResizeObserver(() => {
        const width = container.clientWidth;
        if (width !== lastWidth) { lastWidth = width; this.draw(); }
      }).observe(container);
    }
  }

  /** points: [{t: epoch millis, values: {key: number or null}}], oldest first. */
  Chart.prototype.update = function (points) {
    this.points = points;
    this.draw();
  };

  Chart.prototype.draw = function () {
    const { series, format, time } = this.options;
    const width = Math.max(200, this.container.clientWidth || 600);
    const svg = this.svg;
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    svg.setAttribute('viewBox', `0 0 ${width} ${HEIGHT}`);
    const points = this.points;
    let highest = 0;
    for (const p of points) {
      for (const s of series) {
        const v = p.values[s.key];
        if (v != null && v > highest) highest = v;
      }
    }
    const { top, lines } = axis(highest * 1.05, this.options.minMax || 1);
    const plotW = width - MARGIN.left - MARGIN.right;
    const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
    const t0 = points.length ? points[0].t : 0;
    const t1 = points.length > 1 ? points[points.length - 1].t : t0 + 1;
    const x = t => MARGIN.left + (t1 === t0 ? plotW : ((t - t0) / (t1 - t0)) * plotW);
    const y = v => MARGIN.top + plotH - (v / top) * plotH;

    for (let i = 0; i <= lines; i++) {
      const v = (top * i) / lines;
      el('line', { class: 'grid', x1: MARGIN.left, x2: width - MARGIN.right, y1: y(v), y2: y(v) }, svg);
      const label = el('text', { x: MARGIN.left - 4, y: y(v) + 4, 'text-anchor': 'end' }, svg);
      label.textContent = format(v);
    }
    if (points.length) {
      const labels = points.length > 1 ? [[t0, 'start'], [t1, 'end']] : [[t0, 'end']];
      for (const [t, anchor] of labels) {
        const label = el('text', { x: x(t), y: HEIGHT - 4, 'text-anchor': anchor }, svg);
        label.textContent = time(t);
      }
    }
    for (const s of series) {
      let d = '';
      let pen = false;
      for (const p of points) {
        const v = p.values[s.key];
        if (v == null || Number.isNaN(v)) { pen = false; continue; }
        d += (pen ? 'L' : 'M') + x(p.t).toFixed(1) + ' ' + y(v).toFixed(1);
        pen = true;
      }
      if (points.length === 1 && d) {
        const v = points[0].values[s.key];
        d = `M${MARGIN.left} ${y(v).toFixed(1)}L${width - MARGIN.right} ${y(v).toFixed(1)}`;
      }
      if (!d) continue;
      el('path', {
        d, fill: 'none', stroke: s.color, 'stroke-width': s.dashed ? 1.5 : 2,
        'stroke-dasharray': s.dashed ? '6 4' : 'none', 'stroke-linejoin': 'round'
      }, svg);
    }
    this.drawLegend();
  };

  Chart.prototype.drawLegend = function () {
    const { series, format, caption } = this.options;
    const last = this.points.length ? this.points[this.points.length - 1].values : {};
    const legend = this.legend;
    legend.textContent = '';
    const summary = [];
    for (const s of series) {
      const item = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = s.dashed ? 'swatch dashed' : 'swatch';
      if (s.dashed) swatch.style.borderColor = s.color; else swatch.style.background = s.color;
      item.appendChild(swatch);
      const value = last[s.key] == null ? '–' : format(last[s.key]);
      const text = document.createElement('span');
      text.className = 'num';
      text.textContent = `${s.label()} ${value}`;
      item.appendChild(text);
      legend.appendChild(item);
      summary.push(`${s.label()} ${value}`);
    }
    this.svg.setAttribute('aria-label', `${caption()}: ${summary.join(', ')}`);
  };

  return Chart;
})();
