(function () {
'use strict';
const D = mimic.data, S = D.samples, total = S.type.length;
const IW = D.image.width, IH = D.image.height;
const scale = Math.max(1, Math.min(4, Math.round(256 / Math.max(IW, IH, 1))));
const atlases = new mimic.ImageCache(96);
const pageSize = 96;
const selectedSplits = new Set(D.splits), selectedTypes = new Set(D.types.map((_, k) => k));
let episode = -1, matches = [], shownCount = 0;

document.title = D.title + ' — mimic view';
mimic.$('#title').textContent = D.title;
mimic.$('#summary').textContent = total + ' samples · ' + IW + '×' + IH + ' images · ' + D.episodes.length + ' episodes';
mimic.fillTable(mimic.$('#metadata'), D.metadata);
for (const w of D.warnings.slice(0, 50)) mimic.add(mimic.$('#warnings'), 'p', '', w);
const episodeSelect = mimic.$('#episode-filter');
D.episodes.forEach((e, k) => {
  const option = mimic.add(episodeSelect, 'option', '', k + ': ' + e.id + (e.split ? ' (' + e.split + ')' : ' (no samples)'));
  option.value = String(k);
});

// ---- Filters ----
const hash = mimic.hashParameters();
if (hash.has('split')) {
  selectedSplits.clear();
  for (const s of hash.get('split').split(',')) if (D.splits.includes(s)) selectedSplits.add(s);
}
if (hash.has('type')) {
  selectedTypes.clear();
  for (const name of hash.get('type').split(',')) { const k = D.types.indexOf(name); if (k >= 0) selectedTypes.add(k); }
}
if (hash.has('episode')) episode = parseInt(hash.get('episode'), 10);
if (!(episode >= 0 && episode < D.episodes.length)) episode = -1;
episodeSelect.value = String(episode);

function checkbox(parent, label, color, checked, onChange) {
  const row = mimic.add(parent, 'label');
  const box = mimic.add(row, 'input');
  box.type = 'checkbox'; box.checked = checked;
  box.addEventListener('change', () => onChange(box.checked));
  if (color) mimic.add(row, 'span', 'swatch').style.background = color;
  row.appendChild(document.createTextNode(label));
  return mimic.add(row, 'span', 'count');
}
const splitCounts = D.splits.map(name => checkbox(mimic.$('#split-filter'), name, null, selectedSplits.has(name), on => {
  on ? selectedSplits.add(name) : selectedSplits.delete(name); apply();
}));
const typeBoxes = [];
const typeCounts = D.types.map((name, k) => {
  const count = checkbox(mimic.$('#type-filter'), name, D.typeColors[k], selectedTypes.has(k), on => {
    on ? selectedTypes.add(k) : selectedTypes.delete(k); apply();
  });
  typeBoxes.push(count.parentNode.querySelector('input'));
  return count;
});
const setAllTypes = on => {
  D.types.forEach((_, k) => { on ? selectedTypes.add(k) : selectedTypes.delete(k); typeBoxes[k].checked = on; });
  apply();
};
mimic.$('#all-types').addEventListener('click', () => setAllTypes(true));
mimic.$('#no-types').addEventListener('click', () => setAllTypes(false));
episodeSelect.addEventListener('change', () => { episode = Number(episodeSelect.value); apply(); });

function apply() {
  const bySplit = D.splits.map(() => 0), byType = D.types.map(() => 0);
  matches = [];
  for (let i = 0; i < total; i++) {
    if (episode >= 0 && S.episode[i] !== episode) continue;
    bySplit[S.split[i]]++;
    if (!selectedSplits.has(D.splits[S.split[i]])) continue;
    byType[S.type[i]]++;
    if (selectedTypes.has(S.type[i])) matches.push(i);
  }
  bySplit.forEach((n, k) => { splitCounts[k].textContent = n; });
  byType.forEach((n, k) => { typeCounts[k].textContent = n; });
  const parts = [];
  if (selectedSplits.size !== D.splits.length) parts.push('split=' + [...selectedSplits].join(','));
  if (selectedTypes.size !== D.types.length) parts.push('type=' + [...selectedTypes].map(k => D.types[k]).join(','));
  if (episode >= 0) parts.push('episode=' + episode);
  history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname + location.search);
  mimic.$('#grid').textContent = '';
  shownCount = 0;
  return showMore();
}

// ---- Tiles ----
function showMore() {
  const grid = mimic.$('#grid'), drawn = [];
  const end = Math.min(matches.length, shownCount + pageSize);
  for (; shownCount < end; shownCount++) drawn.push(addTile(grid, matches[shownCount]));
  mimic.$('#count').textContent = 'showing ' + shownCount + ' of ' + matches.length + ' matching samples (' + total + ' in all)';
  mimic.$('#more').hidden = shownCount >= matches.length;
  document.documentElement.dataset.tiles = String(shownCount);
  document.documentElement.dataset.matches = String(matches.length);
  return Promise.all(drawn);
}

function addTile(grid, i) {
  const tile = mimic.add(grid, 'div', 'tile');
  tile.dataset.sample = String(i);
  tile.dataset.type = D.types[S.type[i]];
  tile.dataset.split = D.splits[S.split[i]];
  const e = D.episodes[S.episode[i]];
  tile.title = e ? e.path : '';
  const canvas = mimic.add(tile, 'canvas');
  canvas.width = IW * scale; canvas.height = IH * scale;
  canvas.style.width = canvas.width + 'px';
  const caption = '#' + S.number[i] + ' ' + D.splits[S.split[i]] + ' ep' + S.episode[i] + ' ' +
    (S.time[i] / 1000).toFixed(2) + 's f' + S.frame[i];
  mimic.add(tile, 'div', 'caption', caption).style.maxWidth = canvas.width + 'px';
  const action = mimic.add(tile, 'div', 'action', S.label[i]);
  action.style.color = D.typeColors[S.type[i]];
  mimic.add(tile, 'div', 'caption', S.history[i]).style.maxWidth = canvas.width + 'px';
  const atlas = atlases.get(D.atlases[S.atlas[i]]);
  return atlas.promise.then(entry => drawTile(canvas, i, entry));
}

function drawTile(canvas, i, entry) {
  const ctx = canvas.getContext('2d'), w = canvas.width, h = canvas.height;
  if (entry.ok) {
    const slot = S.slot[i], column = slot % D.atlasColumns, row = Math.floor(slot / D.atlasColumns);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(entry.img, column * IW, row * IH, IW, IH, 0, 0, w, h);
  } else {
    ctx.fillStyle = '#301818'; ctx.fillRect(0, 0, w, h);
  }
  drawAction(ctx, i, w, h);
}

/** The action on its observation, as the contact sheet draws it. */
function drawAction(ctx, i, w, h) {
  const type = D.types[S.type[i]], color = D.typeColors[S.type[i]], u = 1;
  const x = S.x[i] * w, y = S.y[i] * h, x0 = S.startX[i] * w, y0 = S.startY[i] * h;
  switch (type) {
    case 'wait':
      mimic.draw.label(ctx, 'wait', 4, 4, color, u, 14); break;
    case 'key':
      mimic.draw.label(ctx, S.label[i].replace(/^key /, ''), 4, 4, color, u, 14); break;
    case 'move': case 'mouse_up':
      if (Math.hypot(x - x0, y - y0) > 2) mimic.draw.arrow(ctx, x0, y0, x, y, color, u);
      mimic.draw.dot(ctx, x, y, 3, color, u);
      mimic.draw.ring(ctx, x, y, 9, color, u); break;
    case 'double_click':
      mimic.draw.ring(ctx, x, y, 14, color, u);
      // falls through
    case 'click': case 'right_click': case 'mouse_down':
      mimic.draw.dot(ctx, x, y, 3, color, u);
      mimic.draw.ring(ctx, x, y, 9, color, u); break;
    case 'scroll_up': case 'scroll_down': {
      const up = type === 'scroll_up';
      mimic.draw.dot(ctx, x, y, 3, color, u);
      mimic.draw.chevron(ctx, x, y + (up ? -14 : 14), up ? 0 : 1, color, u); break;
    }
  }
}

const more = mimic.$('#more');
mimic.$('#more-button').addEventListener('click', () => showMore());
new IntersectionObserver(entries => {
  if (entries.some(e => e.isIntersecting) && shownCount < matches.length) showMore();
}, { rootMargin: '400px' }).observe(more);

apply().then(() => mimic.markReady(document.querySelector('#grid canvas')));
})();
