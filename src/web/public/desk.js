// The dropping-point desk (src/web/desk/desk.eta): search, order panel, payments and hand-overs,
// working offline. The point's orders for the wave are kept in IndexedDB; every action goes into a
// queue with its own Idempotency-Key first and is sent from there, at once when online, else when
// the connection returns. A queued action the server refuses is kept as a conflict until the
// officer settles it: never dropped.
const root = document.getElementById('desk');
const T = root ? JSON.parse(root.dataset.texts) : {};
const POINT = root?.dataset.point;
const WAVE = root?.dataset.wave;
// Actions are sent with the session of whoever recorded them: on a phone shared by two officers,
// each one's queue waits for its own officer (the cash taken is theirs).
const USER = root?.dataset.user;
const SCOPE = `${POINT}|${WAVE}`;
const $ = (id) => document.getElementById(id);
const t = (key, params = {}) => (T[key] ?? key).replace(/\{(\w+)\}/g, (all, name) => (name in params ? String(params[name]) : all));
const rp = (n) => `Rp ${Number(n).toLocaleString('id-ID')}`;
const code6 = (text) => {
  const c = String(text)
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '');
  return c.length === 6 ? `${c.slice(0, 3)}-${c.slice(3)}` : c;
};

// --- IndexedDB: orders of the point and wave, and the queue of actions ---
let dbPromise;
function db() {
  dbPromise ??= new Promise((resolve, reject) => {
    const open = indexedDB.open('gelombang-desk', 1);
    open.onupgradeneeded = () => {
      open.result.createObjectStore('orders', { keyPath: 'id' }).createIndex('scope', 'scope');
      open.result.createObjectStore('queue', { keyPath: 'key' }).createIndex('seq', 'seq');
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  return dbPromise;
}
async function tx(store, mode, fn) {
  const d = await db();
  return new Promise((resolve, reject) => {
    const transaction = d.transaction(store, mode);
    const request = fn(transaction.objectStore(store));
    transaction.oncomplete = () => resolve(request?.result);
    transaction.onerror = () => reject(transaction.error);
  });
}
const putAll = (store, rows) => tx(store, 'readwrite', (s) => void rows.forEach((row) => s.put(row)));
const remove = (store, key) => tx(store, 'readwrite', (s) => s.delete(key));
const queued = async () => (await tx('queue', 'readonly', (s) => s.index('seq').getAll())).filter((a) => a.user === USER);

// --- the orders in memory (from IndexedDB, refreshed from the server when online) ---
let orders = new Map();
async function loadLocal() {
  const rows = await tx('orders', 'readonly', (s) => s.index('scope').getAll(SCOPE));
  orders = new Map(rows.map((row) => [row.id, row]));
}
async function refresh() {
  const rows = [];
  for (let offset = 0; ; offset += 1000) {
    const response = await fetch(`/dropping-points/${POINT}/orders?waveId=${WAVE}&limit=1000&offset=${offset}`, {
      credentials: 'same-origin',
    });
    if (!response.ok) return;
    const page = await response.json();
    rows.push(...page);
    if (page.length < 1000) break;
  }
  const waiting = new Set((await queued()).filter((a) => a.state === 'waiting').map((a) => a.orderId));
  // An order with an action still waiting keeps what the desk recorded for it.
  const fresh = rows.filter((row) => !waiting.has(row.id)).map((row) => ({ ...row, scope: SCOPE }));
  await putAll('orders', fresh);
  for (const row of fresh) orders.set(row.id, row);
  $('stored').textContent = t('desk.c.stored', { n: orders.size });
}
const store = async (order) => {
  orders.set(order.id, { ...order, scope: SCOPE });
  await putAll('orders', [orders.get(order.id)]);
};

// --- search: the server when online (fast, fresh), the phone's copy otherwise ---
function searchLocal(q) {
  const code = code6(q);
  const exact = [...orders.values()].filter((o) => o.pickupCode === code);
  if (exact.length) return exact;
  let text = q.trim().toLowerCase();
  if (/^\+?[0-9][0-9 -]*$/.test(text)) text = text.replace(/[^0-9]/g, '').replace(/^(62|0)/, '');
  if (text.length < 3) return [];
  return [...orders.values()]
    .filter((o) => `${o.buyer.name.toLowerCase()} ${o.buyer.nip} ${o.buyer.phone.replace(/[^0-9]/g, '')}`.includes(text))
    .sort((a, b) => a.buyer.name.localeCompare(b.buyer.name))
    .slice(0, 20);
}
let searchSeq = 0;
async function search() {
  const q = $('q').value;
  const mine = ++searchSeq;
  let rows = null;
  if (navigator.onLine && q.trim().length >= 3) {
    try {
      const response = await fetch(`/dropping-points/${POINT}/search?waveId=${WAVE}&q=${encodeURIComponent(q)}`, {
        credentials: 'same-origin',
      });
      if (response.ok) rows = await response.json();
    } catch {
      /* the connection dropped: the phone's copy answers */
    }
  }
  if (mine !== searchSeq) return;
  if (rows) for (const row of rows) if (!orders.get(row.id)?.pending) await store(row);
  rows = (rows ?? searchLocal(q)).map((row) => orders.get(row.id) ?? row);
  showResults(q, rows);
}
function showResults(q, rows) {
  const list = $('results');
  list.replaceChildren();
  if (rows.length === 1 && rows[0].pickupCode === code6(q)) return openPanel(rows[0].id);
  if (q.trim() && !rows.length) list.append(item(q.trim().length < 3 ? t('desk.c.short') : t('desk.c.none')));
  for (const row of rows) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = `${row.pickupCode} · ${row.buyer.name} · ${statusText(row)}`;
    button.addEventListener('click', () => openPanel(row.id));
    list.append(item(button));
  }
}
const item = (content) => {
  const li = document.createElement('li');
  li.append(content);
  return li;
};

// --- the order panel ---
let current = null;
function statusText(o) {
  if (o.status === 'cancelled') {
    const money = { refund_due: 'desk.c.refundDue', refunded: 'desk.c.refunded' }[o.paymentStatus];
    return money ? `${t('desk.c.cancelled')}, ${t(money)}` : t('desk.c.cancelled');
  }
  const parts = [o.paymentStatus === 'paid' ? t('desk.c.paid') : t('desk.c.unpaid')];
  if (o.handoverStatus === 'handed_over') parts.push(t('desk.c.handedOver'));
  if (o.handoverStatus === 'partial') parts.push(t('desk.c.partly'));
  if (o.pending) parts.push(t('desk.c.pending'));
  return parts.join(', ');
}
function nextStep(o) {
  if (o.refund?.owedRp > 0) return t('desk.c.nextRefund');
  if (o.status === 'cancelled' || o.handoverStatus === 'handed_over') return t('desk.c.nextDone');
  if (o.paymentStatus !== 'paid') return t('desk.c.nextPay');
  if (o.handoverStatus === 'partial' && o.fulfilment === 'pickup') return t('desk.c.nextRest');
  return o.fulfilment === 'delivery' ? t('desk.c.nextDispatch') : t('desk.c.nextHand');
}
function openPanel(id, scannedCode) {
  const o = orders.get(id);
  if (!o) return;
  current = id;
  $('results').replaceChildren();
  $('panel').hidden = false;
  $('panel-title').textContent = `${o.pickupCode} · ${o.buyer.name}`;
  const facts = [
    [t('desk.c.buyer'), `${o.buyer.name}, NIP ${o.buyer.nip}, ${o.buyer.agency}, ${o.buyer.phone}`],
    [t('desk.c.packs'), o.items.map((i) => `${i.quantity} x ${i.sizeKg} kg`).join(', ')],
    [t('desk.c.total'), o.voucherRp > 0 ? `${rp(o.totalRp)} (${t('desk.c.voucher')} ${rp(o.voucherRp)})` : rp(o.totalRp)],
    ['Status', `${statusText(o)} · ${o.fulfilment === 'delivery' ? t('desk.c.delivery') : t('desk.c.pickup')}`],
    [t('desk.c.next'), nextStep(o)],
  ];
  // Part of the order with the buyer (a partial hand-over, a delivered trip): what they have and what is still owed.
  if (o.goods?.state === 'partly') {
    facts.splice(2, 0, [t('desk.c.given'), packLines(o.goods.handedOverPacks)], [t('desk.c.owed'), packLines(o.goods.owedPacks)]);
  }
  if (o.refund && o.refund.owedRp + o.refund.paidRp > 0) {
    facts.push([t('desk.c.refundLine'), t('desk.c.refundText', { owed: rp(o.refund.owedRp), paid: rp(o.refund.paidRp) })]);
  }
  $('facts').replaceChildren(
    ...facts.map(([term, value]) => {
      const p = el('p', ` ${value}`);
      p.prepend(el('strong', `${term}:`));
      return p;
    }),
  );
  const open = o.status !== 'cancelled';
  const atDesk = open && o.handoverStatus !== 'handed_over' && o.fulfilment === 'pickup';
  $('quick').hidden = !(atDesk && o.paymentStatus !== 'paid' && o.dueRp > 0 && !o.pending);
  $('quick').querySelector('button').textContent = t('desk.c.payCashButton', { amount: rp(o.dueRp) });
  $('pay').hidden = !(open && o.paymentStatus !== 'paid');
  $('pay-amount').value = String(o.dueRp);
  $('handover').hidden = !atDesk;
  $('partial').hidden = !(atDesk && o.paymentStatus === 'paid' && !o.pending && (o.goods?.owedPacks ?? []).length > 0);
  $('partial-packs').replaceChildren(...(o.goods?.owedPacks ?? []).map(partialInput));
  if (scannedCode) $('handover-code').value = scannedCode;
  if (scannedCode) $('quick-code').value = scannedCode;
  $('refund').hidden = !(o.refund?.owedRp > 0 && !o.pending);
  $('refund-due').textContent = t('desk.c.refundDueText', { amount: rp(o.refund?.owedRp ?? 0) });
  // A paid buyer who never came is closed too (the money is then owed back), unless part of the order is theirs already.
  $('noshow').hidden = !(open && o.handoverStatus === 'pending' && !o.pending);
  // Administrators only (the API's rule): a standing payment of an order not handed over yet.
  if ($('reverse')) $('reverse').hidden = !(o.payment && ['paid', 'ready'].includes(o.status) && !o.pending);
}
const el = (tag, text) => Object.assign(document.createElement(tag), { textContent: text });
const packLines = (lines) => lines.map((line) => `${line.quantity} x ${line.sizeKg} kg`).join(', ');
function partialInput(line, index) {
  const label = el('label', t('desk.c.partialPack', { size: line.sizeKg, owed: line.quantity }));
  label.htmlFor = `partial-${index}`;
  const input = Object.assign(document.createElement('input'), { id: `partial-${index}`, inputMode: 'numeric', autocomplete: 'off' });
  Object.assign(input.dataset, { pack: line.packId, owed: String(line.quantity) });
  const row = document.createElement('div');
  row.append(label, input);
  return row;
}
const say = (text) => {
  $('alert').textContent = '';
  $('status').textContent = text;
};
const warn = (text) => {
  $('status').textContent = '';
  $('alert').textContent = text;
};

// --- actions: queued first, then sent ---
async function act(kind, order, url, body, applyLocally) {
  const action = {
    key: crypto.randomUUID(),
    seq: Date.now() + Math.random(),
    kind,
    user: USER,
    orderId: order.id,
    code: order.pickupCode,
    url,
    body,
    state: 'waiting',
    live: navigator.onLine,
  };
  await tx('queue', 'readwrite', (s) => s.put(action));
  await store({ ...applyLocally(order), pending: true });
  openPanel(order.id);
  if (!navigator.onLine) say(t(`desk.c.${kind}Queued`, { code: order.pickupCode }));
  await flush();
}
let flushing = false;
async function flush() {
  if (flushing) return;
  if (!navigator.onLine) return showQueue();
  flushing = true;
  let sent = 0;
  try {
    for (const action of await queued()) {
      if (action.state !== 'waiting') continue;
      let response;
      try {
        response = await fetch(action.url, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json', 'idempotency-key': action.key },
          body: JSON.stringify(action.body),
        });
      } catch {
        await keepWaiting(action);
        break;
      }
      if (response.status >= 500 || response.status === 401 || response.status === 429) {
        await keepWaiting(action);
        if (response.status === 401) warn(t('desk.c.sessionEnded'));
        break;
      }
      const answer = await response.json().catch(() => ({}));
      if (response.ok) {
        await remove('queue', action.key);
        await settle(action);
        if (!action.live) sent += 1;
        if (action.live) say(t(SAVED[action.kind] ?? `desk.c.${action.kind}Saved`, { code: action.code }));
      } else if (action.live) {
        await remove('queue', action.key);
        await settle(action);
        warn(
          t('desk.c.conflict', {
            code: action.code,
            what: t(`desk.c.${action.kind}`),
            why: why(answer),
          }),
        );
      } else {
        await tx('queue', 'readwrite', (s) => s.put({ ...action, state: 'conflict', error: why(answer) }));
        await settle(action);
      }
    }
  } finally {
    flushing = false;
    await showQueue();
  }
  if (sent > 0) say(t('desk.c.sent', { n: sent }));
}
const SAVED = { payment: 'desk.c.paySaved', handover: 'desk.c.handSaved', noshow: 'desk.c.noShowSaved' };
/** Not answered: it waits, and counts as recorded offline from now on (a refusal then becomes a conflict to settle). */
async function keepWaiting(action) {
  if (!action.live) return;
  await tx('queue', 'readwrite', (s) => s.put({ ...action, live: false }));
  say(t(`desk.c.${action.kind}Queued`, { code: action.code }));
}
const why = (answer) => (T[`desk.c.e.${answer.code}`] ? t(`desk.c.e.${answer.code}`) : t('desk.c.e.other'));
/** The order as the server has it now (after the action, or after its refusal). */
async function settle(action) {
  const order = orders.get(action.orderId);
  try {
    const response = await fetch(`/dropping-points/${POINT}/search?waveId=${WAVE}&q=${encodeURIComponent(action.code)}`, {
      credentials: 'same-origin',
    });
    const [fresh] = response.ok ? await response.json() : [];
    const others = (await queued()).some((a) => a.orderId === action.orderId && a.state === 'waiting');
    if (fresh) await store(others ? { ...fresh, pending: true } : fresh);
  } catch {
    if (order) await store({ ...order, pending: false });
  }
  if (current === action.orderId) openPanel(action.orderId);
}
async function showQueue() {
  const all = await queued();
  const waiting = all.filter((a) => a.state === 'waiting').length;
  document.querySelector('[data-testid="offline-queue"]').textContent = t(navigator.onLine ? 'desk.c.online' : 'desk.c.offline', {
    n: waiting,
  });
  const conflicts = all.filter((a) => a.state === 'conflict');
  $('conflicts').hidden = conflicts.length === 0;
  $('conflicts')
    .querySelector('ul')
    .replaceChildren(
      ...conflicts.map((a) => {
        const dismiss = el('button', t('desk.c.dismiss'));
        dismiss.type = 'button';
        dismiss.addEventListener('click', async () => {
          await remove('queue', a.key);
          await showQueue();
        });
        const text = el('p', t('desk.c.conflict', { code: a.code, what: t(`desk.c.${a.kind}`), why: a.error }));
        text.setAttribute('role', 'alert');
        const li = item(text);
        li.append(dismiss);
        return li;
      }),
    );
}

// --- the camera: qr-scanner (BarcodeDetector, or its worker), loaded only when asked for ---
let scanner = null;
async function scan() {
  if (scanner) return stopScan();
  try {
    const { default: QrScanner } = await import('/petugas/scanner/qr-scanner.min.js');
    $('camera').hidden = false;
    scanner = new QrScanner(
      $('camera'),
      (result) => {
        const code = code6(result.data ?? result);
        stopScan();
        $('q').value = code;
        search().then(() => {
          const found = [...orders.values()].find((o) => o.pickupCode === code);
          if (found) openPanel(found.id, code);
        });
      },
      { returnDetailedScanResult: true, preferredCamera: 'environment', maxScansPerSecond: 10 },
    );
    await scanner.start();
    $('scan').textContent = t('desk.c.scanStop');
  } catch {
    stopScan();
    warn(t('desk.c.scanFailed'));
  }
}
function stopScan() {
  scanner?.stop();
  scanner?.destroy();
  scanner = null;
  $('camera').hidden = true;
  $('scan').textContent = $('scan').dataset.label;
}

async function start() {
  $('scan').dataset.label = $('scan').textContent;
  await loadLocal();
  $('stored').textContent = t('desk.c.stored', { n: orders.size });
  await showQueue();
  let timer;
  $('q').addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });
  $('search').addEventListener('submit', (event) => {
    event.preventDefault();
    search();
  });
  $('scan').addEventListener('click', scan);
  $('pay').addEventListener('submit', (event) => {
    event.preventDefault();
    const o = orders.get(current);
    const amount = Number($('pay-amount').value.replace(/[^0-9]/g, ''));
    if (amount !== o.dueRp) return warn(t('desk.c.amountWrong'));
    const method = $('pay-method').value;
    const reference = $('pay-reference').value.trim();
    if (method === 'QRIS' && !reference) return warn(t('desk.c.referenceNeeded'));
    act('payment', o, `/orders/${o.id}/payments`, { method, amountRp: amount, ...(reference ? { reference } : {}) }, (order) => ({
      ...order,
      status: 'paid',
      paymentStatus: 'paid',
    }));
  });
  $('handover').addEventListener('submit', (event) => {
    event.preventDefault();
    const o = orders.get(current);
    const pickupCode = code6($('handover-code').value);
    if (pickupCode !== o.pickupCode) return warn(t('desk.c.codeWrong'));
    $('handover-code').value = '';
    act('handover', o, `/orders/${o.id}/handover`, { pickupCode }, (order) => ({
      ...order,
      status: 'picked_up',
      handoverStatus: 'handed_over',
    }));
  });
  $('quick').addEventListener('submit', (event) => {
    event.preventDefault();
    const o = orders.get(current);
    const pickupCode = code6($('quick-code').value);
    if (pickupCode !== o.pickupCode) return warn(t('desk.c.codeWrong'));
    $('quick-code').value = '';
    act('payhand', o, `/orders/${o.id}/pay-and-handover`, { amountRp: o.dueRp, pickupCode }, (order) => ({
      ...order,
      status: 'picked_up',
      paymentStatus: 'paid',
      handoverStatus: 'handed_over',
      dueRp: 0,
    }));
  });
  $('partial').addEventListener('submit', (event) => {
    event.preventDefault();
    const o = orders.get(current);
    const pickupCode = code6($('partial-code').value);
    if (pickupCode !== o.pickupCode) return warn(t('desk.c.codeWrong'));
    const inputs = [...$('partial-packs').querySelectorAll('input')];
    const packs = inputs
      .map((input) => ({ packId: input.dataset.pack, owed: Number(input.dataset.owed), text: input.value.trim() }))
      .filter((pack) => pack.text !== '')
      .map((pack) => ({ packId: pack.packId, quantity: /^\d+$/.test(pack.text) ? Number(pack.text) : NaN, owed: pack.owed }));
    if (packs.length === 0 || packs.some((pack) => !(pack.quantity >= 1 && pack.quantity <= pack.owed)))
      return warn(t('desk.c.partialNone'));
    $('partial-code').value = '';
    const body = { pickupCode, packs: packs.map(({ packId, quantity }) => ({ packId, quantity })) };
    act('partial', o, `/orders/${o.id}/partial-handover`, body, (order) => ({ ...order, handoverStatus: 'partial' }));
  });
  $('refund').addEventListener('submit', (event) => {
    event.preventDefault();
    const o = orders.get(current);
    act('refund', o, `/orders/${o.id}/refund-payouts`, { amountRp: o.refund.owedRp }, (order) => ({
      ...order,
      paymentStatus: order.status === 'cancelled' ? 'refunded' : order.paymentStatus,
      refund: { owedRp: 0, paidRp: order.refund.paidRp + order.refund.owedRp },
    }));
  });
  $('noshow').addEventListener('submit', (event) => {
    event.preventDefault();
    const o = orders.get(current);
    const paid = o.paymentStatus === 'paid';
    act('noshow', o, `/orders/${o.id}/no-show`, {}, (order) => ({
      ...order,
      status: 'cancelled',
      paymentStatus: paid ? 'refund_due' : 'cancelled',
      handoverStatus: 'cancelled',
      ...(paid ? { refund: { owedRp: order.totalRp - order.voucherRp, paidRp: 0 } } : {}),
    }));
  });
  $('reverse')?.addEventListener('submit', async (event) => {
    event.preventDefault();
    const o = orders.get(current);
    const reason = $('reverse-reason').value.trim();
    if (reason.length < 3) return warn(t('desk.c.reasonNeeded'));
    if (!navigator.onLine) return warn(t('desk.c.onlineOnly'));
    try {
      const response = await fetch(`/payments/${o.payment.id}/reverse`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ reason }),
      });
      if (!response.ok)
        return warn(t('desk.c.conflict', { code: o.pickupCode, what: t('desk.c.reversal'), why: why(await response.json()) }));
    } catch {
      return warn(t('desk.c.onlineOnly'));
    }
    $('reverse-reason').value = '';
    await settle({ orderId: o.id, code: o.pickupCode });
    say(t('desk.c.reversed', { code: o.pickupCode }));
  });
  window.addEventListener('online', () => flush().then(refresh).then(showQueue));
  window.addEventListener('offline', showQueue);
  setInterval(() => navigator.onLine && flush(), 15_000);
  if (navigator.onLine) {
    await flush();
    await refresh().catch(() => undefined);
  }
  if ('serviceWorker' in navigator) {
    const registration = await navigator.serviceWorker.register('/petugas/desk-sw.js').catch(() => null);
    const keep = [
      location.pathname + location.search,
      ...[...document.querySelectorAll('link[rel=stylesheet], script[src]')].map((e) => e.getAttribute('href') ?? e.getAttribute('src')),
    ];
    (registration?.active ?? registration?.installing ?? registration?.waiting)?.postMessage({ keep });
  }
}
if (root) start();
