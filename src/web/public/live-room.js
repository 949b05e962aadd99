// The live wave room: follows the server's summary feed (server-sent events, one frame a second,
// the same frame for every open room) and redraws the figures in place; no library.
const room = document.getElementById('live-room');
const number = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });
const tonnes = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 3 });
const weight = (kg) => (kg >= 1000 ? `${tonnes.format(kg / 1000)} ton` : `${number.format(kg)} kg`);
const rp = (value) => `Rp ${number.format(value)}`;
const text = (key, params = {}) => room.dataset[key].replace(/\{(\w+)\}/g, (_, name) => params[name] ?? '');
const byId = (id) => document.getElementById(id);
let closesAt = new Date(room.dataset.closesAt);
let opensAt = new Date(room.dataset.opensAt);

function cell(tag, value, className) {
  const element = document.createElement(tag);
  element.textContent = value;
  if (className) element.className = className;
  return element;
}

function rows(tbody, items) {
  tbody.replaceChildren(
    ...items.map(([name, orders, kg]) => {
      const row = document.createElement('tr');
      const head = cell('th', name);
      head.scope = 'row';
      row.append(head, cell('td', number.format(orders), 'num'), cell('td', weight(kg), 'num'));
      return row;
    }),
  );
}

function perMinute(minutes) {
  const svg = byId('per-minute');
  const max = Math.max(1, ...minutes.map((m) => m.orders));
  const step = minutes.length > 1 ? 300 / (minutes.length - 1) : 300;
  const points = minutes.map((m, i) => `${(i * step).toFixed(1)},${(118 - (m.orders / max) * 100).toFixed(1)}`).join(' ');
  svg
    .querySelector('polyline')
    .setAttribute(
      'points',
      minutes.length === 1 ? `0,${118 - (minutes[0].orders / max) * 100} 300,${118 - (minutes[0].orders / max) * 100}` : points,
    );
  byId('per-minute-max').textContent = `${number.format(max)}/menit`;
}

function show(summary) {
  closesAt = new Date(summary.closesAt);
  opensAt = new Date(summary.opensAt);
  byId('total-orders').textContent = number.format(summary.totals.orders);
  byId('total-kg').textContent = weight(summary.totals.kg);
  byId('total-rp').textContent = rp(summary.totals.valueRp);
  for (const product of summary.products) {
    const kg = document.querySelector(`[data-testid="ordered-kg-${product.waveProductId}"]`);
    if (kg) {
      kg.textContent = String(product.orderedKg);
      kg.dataset.kg = String(product.orderedKg);
    }
    const bar = document.querySelector(`[data-product="${product.waveProductId}"] .bar-fill`);
    if (bar)
      bar.setAttribute('width', Math.min(100, product.capacityKg > 0 ? (100 * product.orderedKg) / product.capacityKg : 0).toFixed(2));
  }
  rows(
    byId('points'),
    summary.droppingPoints.map((p) => [p.name, p.orders, p.kg]),
  );
  rows(
    byId('agencies'),
    summary.agencies.map((a) => [a.agency, a.orders, a.kg]),
  );
  perMinute(summary.ordersPerMinute);
  const soldOut = byId('sold-out');
  soldOut.replaceChildren(
    ...(summary.soldOut.length === 0
      ? [cell('li', text('textNoneSoldOut'), 'muted')]
      : summary.soldOut.map((s) =>
          cell(
            'li',
            s.at
              ? text('textSoldOutAt', { name: s.name, time: `${s.at.slice(11, 19)} WIB` })
              : text('textSoldOutEarlier', { name: s.name }),
          ),
        )),
  );
  byId('live-updated').textContent = text('textUpdated', { time: summary.generatedAt.slice(11, 19) });
}

function countdown() {
  const now = Date.now();
  const left = Math.max(0, Math.floor((closesAt.getTime() - now) / 1000));
  const element = byId('time-left');
  if (now < opensAt.getTime()) element.textContent = text('textNotYet');
  else if (left === 0) element.textContent = text('textClosed');
  else
    element.textContent = `${String(Math.floor(left / 3600)).padStart(2, '0')}:${String(Math.floor((left % 3600) / 60)).padStart(2, '0')}:${String(left % 60).padStart(2, '0')}`;
}

const feed = new EventSource(room.dataset.feed);
feed.addEventListener('summary', (event) => {
  byId('live-offline').hidden = true;
  show(JSON.parse(event.data));
});
feed.addEventListener('error', () => {
  byId('live-offline').hidden = false;
});
countdown();
setInterval(countdown, 1000);
