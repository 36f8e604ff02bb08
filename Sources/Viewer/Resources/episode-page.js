(function () {
'use strict';
const D = mimic.data, F = D.frames, C = D.colors;
const N = F.t.length, W = D.screen.width, H = D.screen.height;
const canvas = mimic.$('#frame'), ctx = canvas.getContext('2d');
const timeline = mimic.$('#timeline'), scrubber = mimic.$('#scrubber');
const images = new mimic.ImageCache(240);
const duration = Math.max(D.durationMs, N ? F.t[N - 1] : 0, 1);
/** Frame i's patch as [base, x, y], or undefined for a full frame (a binary search: no per-frame objects). */
const patchOf = i => {
  const k = mimic.lastAtOrBefore(F.patchFrame, i);
  return k >= 0 && F.patchFrame[k] === i ? [F.patchBase[k], F.patchX[k], F.patchY[k]] : undefined;
};
const sameOf = i => {
  const k = mimic.lastAtOrBefore(F.sameFrame, i);
  return k >= 0 && F.sameFrame[k] === i ? F.sameAs[k] : undefined;
};
const heatFrames = D.heat.map(h => h.frame);
const buttonNames = { 1: 'left', 2: 'middle', 3: 'right' };
const directionNames = ['up', 'down', 'left', 'right'];
let playhead = N ? F.t[0] : 0, playing = false, speed = 1, trail = 1000;
let wanted = -1, shown = -1, lastTick = 0;

canvas.width = Math.max(1, W); canvas.height = Math.max(1, H);
document.title = D.title + ' — mimic view';
mimic.$('#title').textContent = D.title;
mimic.$('#summary').textContent = W + '×' + H + ' · ' + N + ' frames · ' + mimic.formatTime(duration) +
  ' · ' + D.clicks.t.length + ' clicks · ' + D.keys.t.length + ' keys';
mimic.fillTable(mimic.$('#metadata'), D.metadata);
for (const note of D.notes) mimic.add(mimic.$('#notes'), 'p', 'note', note);
mimic.fillLegend(mimic.$('#legend'), [['click', C.click], ['right click', C.right], ['middle click', C.middle],
  ['drag', C.drag], ['scroll', C.scroll], ['keys', C.key], ['pointer path', C.path], ['window change', C.window]]);
scrubber.max = String(duration);

// ---- Frames ----
function fileName(i) {
  const f = F.file[i];
  return typeof f === 'number' ? 'frames/' + String(f).padStart(6, '0') + '.png' : f;
}
const url = i => D.base + mimic.encodePath(fileName(i));
/** The images frame i is made of: itself, or its base frame and its patch. */
function sources(i) {
  const p = patchOf(i);
  return p ? [images.get(url(p[0])), images.get(url(i))] : [images.get(url(i))];
}
const frameAt = t => Math.max(0, mimic.lastAtOrBefore(F.t, t));
/** The end of the input that follows frame i: the next frame's grab (or the episode's end). */
const intervalEnd = i => i + 1 < N ? F.t[i + 1] : Math.max(duration, F.t[i]) + 0.001;

async function show(i) {
  wanted = i;
  if (N === 0) { paintEmpty('no frames were recorded'); return; }
  const parts = sources(i);
  if (!parts.every(p => p.done)) await Promise.all(parts.map(p => p.promise));
  if (wanted !== i) return;
  paint(i, parts);
}

function paint(i, parts) {
  shown = i;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.globalAlpha = 1;
  if (parts[0].ok) {
    ctx.drawImage(parts[0].img, 0, 0);
  } else {
    ctx.fillStyle = '#301818'; ctx.fillRect(0, 0, W, H);
    mimic.draw.label(ctx, 'frame file missing: ' + fileName(i), 10, 10, '#ffb080', unit(), 16);
  }
  const p = patchOf(i);
  if (p && parts[1].ok) ctx.drawImage(parts[1].img, p[1], p[2]);
  overlays(i);
  describe(i);
  if (document.documentElement.dataset.state !== 'ready') mimic.markReady(canvas);
}

function paintEmpty(message) {
  ctx.fillStyle = '#202026'; ctx.fillRect(0, 0, W, H);
  mimic.draw.label(ctx, message, 10, 10, '#e4e4ea', unit(), 16);
  describe(-1);
  mimic.markReady(canvas);
}

function prefetch(i, ahead) {
  for (let k = 1; k <= ahead && i + k < N; k++) sources(i + k);
}

/** Canvas pixels per CSS pixel: marks keep their size on screen. */
function unit() {
  const shownWidth = canvas.getBoundingClientRect().width;
  return shownWidth > 0 ? canvas.width / shownWidth : 1;
}

// ---- Overlays ----
function overlays(i) {
  const u = unit(), from = F.t[i], to = intervalEnd(i), start = from - trail;
  /** Full strength for input after the frame, fading with age before it. */
  const alpha = t => t >= from ? 1 : 0.2 + 0.6 * Math.max(0, 1 - (from - t) / Math.max(trail, 1));
  drawHeat(i);
  drawPath(start, from, to, u);
  // Drags that overlap the window: to the release, or to where the pointer is at its end.
  for (let k = 0; k < D.drags.t.length && D.drags.t[k] < to; k++) {
    if (D.drags.end[k] < start) continue;
    const ongoing = D.drags.end[k] >= to;
    const [x1, y1] = ongoing ? pointerAt(to) : [D.drags.x1[k], D.drags.y1[k]];
    ctx.globalAlpha = ongoing ? 1 : alpha(D.drags.end[k]);
    mimic.draw.dot(ctx, D.drags.x0[k], D.drags.y0[k], 4 * u, C.drag, u);
    mimic.draw.arrow(ctx, D.drags.x0[k], D.drags.y0[k], x1, y1, C.drag, u);
  }
  const clicks = D.clicks;
  for (let k = mimic.firstAtOrAfter(clicks.t, start); k < clicks.t.length && clicks.t[k] < to; k++) {
    const color = clicks.button[k] === 3 ? C.right : clicks.button[k] === 2 ? C.middle : C.click;
    ctx.globalAlpha = alpha(clicks.t[k]);
    mimic.draw.dot(ctx, clicks.x[k], clicks.y[k], 3 * u, color, u);
    mimic.draw.ring(ctx, clicks.x[k], clicks.y[k], 12 * u, color, u);
    if (clicks.count[k] > 1) mimic.draw.ring(ctx, clicks.x[k], clicks.y[k], 18 * u, color, u);
  }
  const scrolls = D.scrolls, stacked = [0, 0, 0, 0];
  for (let k = mimic.firstAtOrAfter(scrolls.t, start); k < scrolls.t.length && scrolls.t[k] < to; k++) {
    const d = scrolls.direction[k], n = Math.min(stacked[d]++, 8);
    const step = [[0, -1], [0, 1], [-1, 0], [1, 0]][d];
    ctx.globalAlpha = alpha(scrolls.t[k]);
    mimic.draw.chevron(ctx, scrolls.x[k] + step[0] * (14 + 7 * n) * u, scrolls.y[k] + step[1] * (14 + 7 * n) * u, d, C.scroll, u);
  }
  ctx.globalAlpha = 1;
  drawKeys(from, to, u);
}

function pointerAt(t) {
  const k = mimic.firstAtOrAfter(D.path.t, t) - 1;
  return k >= 0 ? [D.path.x[k], D.path.y[k]] : [0, 0];
}

function drawPath(start, from, to, u) {
  const P = D.path;
  let a = Math.max(0, mimic.firstAtOrAfter(P.t, start) - 1);
  const b = mimic.firstAtOrAfter(P.t, to);
  if (b - a < 2) return;
  const split = mimic.firstAtOrAfter(P.t, from);
  const segment = (first, last, alphaValue) => {
    if (last - first < 1) return;
    ctx.beginPath(); ctx.moveTo(P.x[first], P.y[first]);
    for (let k = first + 1; k <= last; k++) ctx.lineTo(P.x[k], P.y[k]);
    ctx.lineJoin = 'round'; ctx.lineCap = 'round';
    ctx.globalAlpha = alphaValue * 0.6; ctx.lineWidth = 4 * u; ctx.strokeStyle = mimic.draw.outline; ctx.stroke();
    ctx.globalAlpha = alphaValue; ctx.lineWidth = 2 * u; ctx.strokeStyle = C.path; ctx.stroke();
  };
  segment(a, Math.min(split, b - 1), 0.45);
  segment(Math.max(a, split - 1), b - 1, 1);
  ctx.globalAlpha = 1;
}

function drawKeys(from, to, u) {
  const K = D.keys;
  const last = mimic.firstAtOrAfter(K.t, to) - 1;
  let first = Math.max(mimic.firstAtOrAfter(K.t, to - 10000), last - 59);
  if (last < first) return;
  const size = 16, pad = 6 * u;
  ctx.font = size * u + 'px ui-monospace, monospace';
  ctx.textBaseline = 'middle';
  const piece = k => K.printable[k] ? K.text[k] : ' ' + K.text[k] + ' ';
  let width = 0;
  for (let k = last; k >= first; k--) {
    const w = ctx.measureText(piece(k)).width;
    if (width + w > W - 4 * pad) { first = k + 1; break; }
    width += w;
  }
  const h = size * 1.6 * u, y = H - h - pad;
  ctx.fillStyle = 'rgba(0,0,0,0.75)';
  ctx.fillRect(pad, y, width + 2 * pad, h);
  let x = 2 * pad;
  for (let k = first; k <= last; k++) {
    ctx.fillStyle = K.t[k] >= from ? C.key : '#d0d0d8';
    ctx.fillText(piece(k), x, y + h / 2);
    x += ctx.measureText(piece(k)).width;
  }
}

/** The predicted pointer distribution of the decision made on frame i, if recorded. */
function drawHeat(i) {
  const k = mimic.lastAtOrBefore(heatFrames, i);
  if (k < 0 || heatFrames[k] !== i) return;
  const h = D.heat[k], cw = h.width / h.columns, ch = h.height / h.rows;
  const top = Math.max(...h.probabilities, 1e-9);
  ctx.fillStyle = C.heat;
  for (let r = 0; r < h.rows; r++) {
    for (let c = 0; c < h.columns; c++) {
      const p = h.probabilities[r * h.columns + c] / top;
      if (p < 0.02) continue;
      ctx.globalAlpha = 0.65 * p;
      ctx.fillRect(h.x + c * cw, h.y + r * ch, cw, ch);
    }
  }
  ctx.globalAlpha = 1;
}

// ---- Side panel ----
function describe(i) {
  const rows = [];
  if (i >= 0) {
    rows.push(['frame', '#' + i + ' (of 0–' + (N - 1) + ')']);
    rows.push(['grabbed', mimic.formatTime(F.t[i]) + ' (' + F.t[i].toFixed(3) + ' ms)']);
    const p = patchOf(i), same = sameOf(i);
    rows.push(['file', fileName(i)]);
    const stored = [];
    if (same !== undefined) stored.push('same as frame ' + same);
    if (p) stored.push('patch over frame ' + p[0] + ' at ' + p[1] + ',' + p[2]);
    if (stored.length) rows.push(['stored as', stored.join(': ')]);
    rows.push(['pointer', F.px[i] + ', ' + F.py[i]]);
    const w = mimic.lastAtOrBefore(D.windows.t, intervalEnd(i));
    if (w >= 0) rows.push(['window', D.windows.title[w] + (D.windows.wmClass[w] ? ' (' + D.windows.wmClass[w] + ')' : '')]);
  }
  mimic.fillTable(mimic.$('#frame-info'), rows);
  const list = mimic.$('#frame-events');
  list.textContent = '';
  if (i < 0) return;
  const from = F.t[i], to = intervalEnd(i), items = [];
  const within = (times, each) => {
    for (let k = mimic.firstAtOrAfter(times, from); k < times.length && times[k] < to; k++) items.push([times[k], each(k)]);
  };
  within(D.clicks.t, k => (D.clicks.count[k] > 1 ? 'double ' : '') + (buttonNames[D.clicks.button[k]] || 'button') +
    ' click at ' + D.clicks.x[k] + ',' + D.clicks.y[k]);
  within(D.drags.t, k => (buttonNames[D.drags.button[k]] || 'button') + ' drag from ' + D.drags.x0[k] + ',' + D.drags.y0[k] +
    (D.drags.released[k] ? ' to ' + D.drags.x1[k] + ',' + D.drags.y1[k] : ', never released'));
  within(D.drags.end, k => 'release of the drag at ' + D.drags.x1[k] + ',' + D.drags.y1[k]);
  within(D.scrolls.t, k => 'scroll ' + directionNames[D.scrolls.direction[k]] + ' at ' + D.scrolls.x[k] + ',' + D.scrolls.y[k]);
  within(D.keys.t, k => 'key ' + JSON.stringify(D.keys.text[k]));
  within(D.windows.t, k => 'window ' + JSON.stringify(D.windows.title[k]));
  const moves = mimic.firstAtOrAfter(D.path.t, to) - mimic.firstAtOrAfter(D.path.t, from);
  if (moves > 0) items.push([from, moves + ' pointer position(s)']);
  items.sort((a, b) => a[0] - b[0]);
  for (const [t, text] of items.slice(0, 200)) mimic.add(list, 'li', '', '+' + (t - from).toFixed(1) + ' ms ' + text);
  if (items.length === 0) mimic.add(list, 'li', 'note', 'none');
}

// ---- Timeline ----
let timelineBackground = null;
function drawTimelineBackground() {
  const ratio = window.devicePixelRatio || 1;
  timeline.width = Math.max(1, Math.round(timeline.clientWidth * ratio));
  timeline.height = Math.round(34 * ratio);
  const g = document.createElement('canvas');
  g.width = timeline.width; g.height = timeline.height;
  const c = g.getContext('2d'), w = g.width, h = g.height;
  const x = t => (t / duration) * (w - 1);
  c.fillStyle = '#202026'; c.fillRect(0, 0, w, h);
  // One rectangle per pixel column that has any: an hour of motion is a few hundred thousand times.
  const ticks = (times, color, y0, y1) => {
    const columns = new Uint8Array(w);
    for (let k = 0; k < times.length; k++) columns[Math.min(w - 1, Math.max(0, Math.floor(x(times[k]))))] = 1;
    c.fillStyle = color;
    for (let col = 0; col < w; col++) if (columns[col]) c.fillRect(col, y0 * h, Math.max(1, ratio), (y1 - y0) * h);
  };
  ticks(F.t, '#3a3a44', 0.85, 1);
  ticks(D.path.t, C.path, 0.7, 0.82);
  c.fillStyle = C.drag;
  for (let k = 0; k < D.drags.t.length; k++) c.fillRect(x(D.drags.t[k]), 0.42 * h, Math.max(ratio, x(D.drags.end[k]) - x(D.drags.t[k])), 0.14 * h);
  ticks(D.scrolls.t, C.scroll, 0.4, 0.6);
  ticks(D.keys.t, C.key, 0.08, 0.36);
  ticks(D.clicks.t, C.click, 0.3, 0.66);
  ticks(D.windows.t, C.window, 0, 0.12);
  timelineBackground = g;
}
function drawTimeline() {
  if (!timelineBackground) drawTimelineBackground();
  const c = timeline.getContext('2d');
  c.drawImage(timelineBackground, 0, 0);
  const px = (playhead / duration) * (timeline.width - 1);
  c.fillStyle = '#ffffff'; c.fillRect(Math.round(px) - 1, 0, 2 * (window.devicePixelRatio || 1), timeline.height);
}

// ---- Playing and seeking ----
function update() {
  scrubber.value = String(playhead);
  mimic.$('#clock').textContent = mimic.formatTime(playhead) + ' / ' + mimic.formatTime(duration);
  drawTimeline();
  const i = frameAt(playhead);
  if (N === 0) { if (wanted !== 0) show(0); return; }
  if (i !== wanted) { show(i); prefetch(i, playing ? 20 : 4); }
}
function seek(t) {
  playhead = Math.min(Math.max(t, 0), duration);
  update();
}
let run = null;
function setPlaying(on) {
  const wasPlaying = playing;
  playing = on && N > 0;
  mimic.$('#play').textContent = playing ? '❚❚ Pause' : '▶ Play';
  if (playing && !wasPlaying) {
    if (playhead >= duration) playhead = N ? F.t[0] : 0;
    lastTick = performance.now();
    run = { from: playhead, started: lastTick, before: lastTick };
    schedule();
  } else if (!playing && wasPlaying) {
    // How far the last run went in how long (for people checking the speed, and the browser test): from,
    // to, browser ms to its last tick and to the tick before, speed.
    document.documentElement.dataset.played = [run.from, playhead, lastTick - run.started, run.before - run.started, speed]
      .map(v => v.toFixed(1)).join(',');
    history.replaceState(null, '', '#frame=' + frameAt(playhead));
  }
}
/** The next tick on the next animation frame, or after 40 ms where animation frames do not come (headless, hidden). */
let pendingTick = null;
function schedule() {
  const token = {};
  pendingTick = token;
  const go = () => { if (pendingTick === token) { pendingTick = null; tick(performance.now()); } };
  requestAnimationFrame(go);
  setTimeout(go, 40);
}
/** Moves the playhead by the time elapsed since the last tick: real speed, however often ticks come. */
function tick(now) {
  if (!playing) return;
  run.before = lastTick;
  playhead = Math.min(duration, playhead + (now - lastTick) * speed);
  lastTick = now;
  update();
  if (playhead >= duration) setPlaying(false); else schedule();
}
function step(frames) {
  const i = Math.min(Math.max(frameAt(playhead) + frames, 0), Math.max(N - 1, 0));
  setPlaying(false);
  seek(N ? F.t[i] : 0);
  if (N) history.replaceState(null, '', '#frame=' + i);
}

mimic.$('#play').addEventListener('click', () => setPlaying(!playing));
mimic.$('#previous').addEventListener('click', () => step(-1));
mimic.$('#next').addEventListener('click', () => step(1));
mimic.$('#speed').addEventListener('change', e => { speed = Number(e.target.value); });
mimic.$('#trail').addEventListener('change', e => { trail = Number(e.target.value); if (shown >= 0) show(shown); });
scrubber.addEventListener('input', () => { setPlaying(false); seek(Number(scrubber.value)); });
let dragging = false;
const seekTimeline = e => {
  const r = timeline.getBoundingClientRect();
  seek(((e.clientX - r.left) / Math.max(1, r.width)) * duration);
};
timeline.addEventListener('pointerdown', e => { dragging = true; setPlaying(false); timeline.setPointerCapture(e.pointerId); seekTimeline(e); });
timeline.addEventListener('pointermove', e => { if (dragging) seekTimeline(e); });
timeline.addEventListener('pointerup', () => { dragging = false; });
document.addEventListener('keydown', e => {
  if (e.target instanceof HTMLSelectElement || e.target instanceof HTMLInputElement && e.target !== scrubber) return;
  if (e.key === ' ') { setPlaying(!playing); e.preventDefault(); }
  else if (e.key === 'ArrowLeft') { e.shiftKey ? (setPlaying(false), seek(playhead - 1000)) : step(-1); e.preventDefault(); }
  else if (e.key === 'ArrowRight') { e.shiftKey ? (setPlaying(false), seek(playhead + 1000)) : step(1); e.preventDefault(); }
  else if (e.key === 'Home') { step(-N); e.preventDefault(); }
  else if (e.key === 'End') { step(N); e.preventDefault(); }
});
window.addEventListener('resize', () => {
  timelineBackground = null;
  drawTimeline();
  if (shown >= 0) show(shown);
});

const start = mimic.hashParameters();
if (start.has('frame') && N > 0) {
  playhead = F.t[Math.min(Math.max(parseInt(start.get('frame'), 10) || 0, 0), N - 1)];
} else if (start.has('t')) {
  playhead = Math.min(Math.max(Number(start.get('t')) || 0, 0), duration);
}
if (start.has('trail')) {
  trail = Math.max(0, Number(start.get('trail')) || 0);
  mimic.$('#trail').value = String(trail);
}
if (start.has('speed')) {
  speed = Math.min(Math.max(Number(start.get('speed')) || 1, 0.05), 64);
  mimic.$('#speed').value = String(speed);
}
update();
if (start.has('play')) setPlaying(true);
})();
