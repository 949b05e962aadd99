// The buyer's order page while a QRIS code waits to be paid: asks /pesanan/<id>/status every 2 s
// and, once the order's status changes (paid by the callback), swaps in the fresh page's <main>
// without a reload. Stops when the code has expired; without JavaScript the page reloads itself.
const box = document.getElementById('qris');
const INTERVAL_MS = 2000;

async function swapMain() {
  const response = await fetch(location.pathname, { headers: { accept: 'text/html' }, cache: 'no-store', credentials: 'same-origin' });
  if (!response.ok) return false;
  const fresh = new DOMParser().parseFromString(await response.text(), 'text/html').querySelector('main');
  if (!fresh) return false;
  document.querySelector('main').replaceChildren(...fresh.childNodes);
  return true;
}

async function poll() {
  const until = Date.parse(box.dataset.until || '');
  try {
    const response = await fetch(box.dataset.statusUrl, {
      headers: { accept: 'application/json' },
      cache: 'no-store',
      credentials: 'same-origin',
    });
    if (response.ok) {
      const state = await response.json();
      if (state.status !== box.dataset.status && (await swapMain())) return;
    }
  } catch {
    // offline for a moment: ask again
  }
  if (Number.isNaN(until) || Date.now() < until + INTERVAL_MS) setTimeout(poll, INTERVAL_MS);
}

if (box && box.dataset.statusUrl && box.dataset.until) setTimeout(poll, INTERVAL_MS);
