'use strict';
mimic.data = JSON.parse(document.getElementById('page-data').textContent);
mimic.$ = selector => document.querySelector(selector);

/** Appends an element with optional class and text to `parent`. */
mimic.add = function (parent, tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  parent.appendChild(e);
  return e;
};

/** Fills a two-column table from [[label, value], ...]. */
mimic.fillTable = function (table, rows) {
  table.textContent = '';
  for (const [label, value] of rows) {
    const tr = mimic.add(table, 'tr');
    mimic.add(tr, 'td', '', label);
    mimic.add(tr, 'td', '', value);
  }
};

/** Index of the last element <= v in the ascending array a, or -1. */
mimic.lastAtOrBefore = function (a, v) {
  let lo = 0, hi = a.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (a[mid] <= v) lo = mid + 1; else hi = mid; }
  return lo - 1;
};
/** Index of the first element >= v in the ascending array a (a.length if none). */
mimic.firstAtOrAfter = function (a, v) {
  let lo = 0, hi = a.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (a[mid] < v) lo = mid + 1; else hi = mid; }
  return lo;
};

/** "1:02.345" from milliseconds. */
mimic.formatTime = function (ms) {
  const negative = ms < 0; ms = Math.abs(ms);
  const minutes = Math.floor(ms / 60000), seconds = (ms - minutes * 60000) / 1000;
  return (negative ? '-' : '') + minutes + ':' + seconds.toFixed(3).padStart(6, '0');
};

/** A relative file path as a URL path: each part percent-encoded. */
mimic.encodePath = path => path.split('/').map(encodeURIComponent).join('/');

/** The #key=value&... part of the address. */
mimic.hashParameters = function () {
  const out = new Map();
  for (const part of location.hash.replace(/^#/, '').split('&')) {
    if (!part) continue;
    const at = part.indexOf('=');
    out.set(decodeURIComponent(at < 0 ? part : part.slice(0, at)), at < 0 ? '' : decodeURIComponent(part.slice(at + 1)));
  }
  return out;
};

/** Counts an image that did not load and says so on the page. */
mimic.noteMissing = function (url) {
  mimic.missing.push(url);
  document.documentElement.dataset.missing = String(mimic.missing.length);
  const box = document.getElementById('missing');
  if (box) { box.hidden = false; box.textContent = mimic.missing.length + ' image file(s) could not be loaded, e.g. ' + decodeURI(mimic.missing[0]); }
};

/** Marks the page drawn (for people and for the browser test); `element`'s place is recorded. */
mimic.markReady = function (element) {
  const root = document.documentElement;
  if (element) {
    const r = element.getBoundingClientRect();
    root.dataset.frameRect = [r.left + scrollX, r.top + scrollY, r.width, r.height].map(v => v.toFixed(2)).join(',');
  }
  root.dataset.state = 'ready';
};

/** Images by URL, loaded once, at most `limit` kept (least recently used go first). */
mimic.ImageCache = class {
  constructor(limit) { this.limit = limit; this.entries = new Map(); }
  /** {img, done, ok, promise}; starts loading on first request. */
  get(url) {
    let entry = this.entries.get(url);
    if (entry) { this.entries.delete(url); this.entries.set(url, entry); return entry; }
    const img = new Image();
    entry = { img, done: false, ok: false };
    entry.promise = new Promise(resolve => {
      img.onload = () => { entry.done = true; entry.ok = true; resolve(entry); };
      img.onerror = () => { entry.done = true; mimic.noteMissing(url); resolve(entry); };
    });
    img.src = url;
    this.entries.set(url, entry);
    while (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value);
    return entry;
  }
};

/**
 * Marks drawn over pictures. `u` is the size of one CSS pixel in canvas pixels, so marks keep
 * their on-screen size however large the frame is. Each mark has a dark outline so that it
 * shows on any background.
 */
mimic.draw = {
  outline: 'rgba(0,0,0,0.85)',
  ring(ctx, x, y, r, color, u) {
    ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI);
    ctx.lineWidth = 5 * u; ctx.strokeStyle = this.outline; ctx.stroke();
    ctx.lineWidth = 3 * u; ctx.strokeStyle = color; ctx.stroke();
  },
  dot(ctx, x, y, r, color, u) {
    ctx.beginPath(); ctx.arc(x, y, r + u, 0, 2 * Math.PI); ctx.fillStyle = this.outline; ctx.fill();
    ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI); ctx.fillStyle = color; ctx.fill();
  },
  arrow(ctx, x0, y0, x1, y1, color, u) {
    const angle = Math.atan2(y1 - y0, x1 - x0), head = 12 * u;
    const stroke = (width, style) => {
      ctx.beginPath(); ctx.moveTo(x0, y0); ctx.lineTo(x1, y1);
      ctx.moveTo(x1 - head * Math.cos(angle - 0.45), y1 - head * Math.sin(angle - 0.45));
      ctx.lineTo(x1, y1);
      ctx.lineTo(x1 - head * Math.cos(angle + 0.45), y1 - head * Math.sin(angle + 0.45));
      ctx.lineWidth = width; ctx.strokeStyle = style; ctx.lineCap = 'round'; ctx.lineJoin = 'round'; ctx.stroke();
    };
    stroke(6 * u, this.outline); stroke(3 * u, color);
  },
  /** A chevron at (x, y) pointing up, down, left or right (0-3). */
  chevron(ctx, x, y, direction, color, u) {
    const s = 8 * u;
    const [dx, dy] = [[0, -1], [0, 1], [-1, 0], [1, 0]][direction];
    const tip = [x + dx * s * 0.6, y + dy * s * 0.6];
    const back = [x - dx * s * 0.6, y - dy * s * 0.6];
    const side = [dy * s, -dx * s];
    const stroke = (width, style) => {
      ctx.beginPath();
      ctx.moveTo(back[0] + side[0], back[1] + side[1]); ctx.lineTo(tip[0], tip[1]); ctx.lineTo(back[0] - side[0], back[1] - side[1]);
      ctx.lineWidth = width; ctx.strokeStyle = style; ctx.lineCap = 'round'; ctx.lineJoin = 'round'; ctx.stroke();
    };
    stroke(6 * u, this.outline); stroke(3 * u, color);
  },
  /** Text on a dark box with its top-left corner at (x, y). */
  label(ctx, text, x, y, color, u, size) {
    ctx.font = (size || 13) * u + 'px ui-monospace, monospace';
    ctx.textBaseline = 'top';
    const w = ctx.measureText(text).width, pad = 3 * u, h = (size || 13) * u * 1.25;
    ctx.fillStyle = this.outline; ctx.fillRect(x, y, w + 2 * pad, h + pad);
    ctx.fillStyle = color; ctx.fillText(text, x + pad, y + pad * 0.75);
  },
};

/** Fills a <ul> with colour swatches: [[name, colour], ...]. */
mimic.fillLegend = function (list, entries) {
  list.textContent = '';
  for (const [name, color] of entries) {
    const li = mimic.add(list, 'li');
    mimic.add(li, 'span', 'swatch').style.background = color;
    li.appendChild(document.createTextNode(name));
  }
};
