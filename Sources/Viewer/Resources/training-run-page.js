(function () {
'use strict';
const D = mimic.data;
document.title = D.title + ' — mimic view';
const charts = Array.from(document.querySelectorAll('svg.chart'));
const readout = mimic.$('#readout');
const ns = 'http://www.w3.org/2000/svg';
const root = document.documentElement;
root.dataset.charts = String(charts.length);
root.dataset.step = String(D.step);

for (const svg of charts) {
  const [left, top, width, height] = svg.dataset.plot.split(',').map(Number);
  const [x0, x1] = svg.dataset.x.split(',').map(Number);
  const [y0, y1] = svg.dataset.y.split(',').map(Number);
  const log = svg.dataset.log === 'true';
  const series = Array.from(svg.querySelectorAll('polyline')).map(p => ({
    name: p.dataset.series, color: p.getAttribute('stroke'),
    points: p.getAttribute('points').trim().split(/\s+/).map(s => s.split(',').map(Number)),
  }));
  const cursor = document.createElementNS(ns, 'line');
  cursor.setAttribute('y1', top); cursor.setAttribute('y2', top + height);
  cursor.setAttribute('stroke', '#9a9aa6'); cursor.setAttribute('stroke-dasharray', '3 3');
  cursor.style.display = 'none';
  svg.appendChild(cursor);
  const value = py => {
    const v = y0 + (1 - (py - top) / height) * (y1 - y0);
    return log ? Math.pow(10, v) : v;
  };
  const format = v => {
    const a = Math.abs(v);
    return a === 0 ? '0' : a >= 1000 ? v.toFixed(0) : a >= 1 ? v.toPrecision(4) : a >= 1e-3 ? v.toPrecision(3) : v.toExponential(2);
  };
  const hide = () => { cursor.style.display = 'none'; readout.hidden = true; };
  svg.addEventListener('mouseleave', hide);
  svg.addEventListener('mousemove', e => {
    const r = svg.getBoundingClientRect();
    const px = (e.clientX - r.left) * svg.viewBox.baseVal.width / r.width;
    if (px < left || px > left + width) { hide(); return; }
    const step = x0 + (px - left) / width * (x1 - x0);
    readout.textContent = '';
    mimic.add(readout, 'div', '', 'step ' + Math.round(step));
    let shown = 0;
    for (const s of series) {
      let best = null;
      for (const p of s.points) if (best === null || Math.abs(p[0] - px) < Math.abs(best[0] - px)) best = p;
      if (best === null || Math.abs(best[0] - px) > width / 8) continue;
      const row = mimic.add(readout, 'div');
      mimic.add(row, 'span', 'swatch').style.background = s.color;
      row.appendChild(document.createTextNode(s.name + ' ' + format(value(best[1]))));
      shown++;
    }
    if (shown === 0) { hide(); return; }
    cursor.setAttribute('x1', px); cursor.setAttribute('x2', px); cursor.style.display = '';
    readout.hidden = false;
    readout.style.left = Math.min(e.clientX + 14, innerWidth - readout.offsetWidth - 6) + 'px';
    readout.style.top = (e.clientY + 14) + 'px';
  });
}
mimic.markReady(charts[0] || null);
})();
