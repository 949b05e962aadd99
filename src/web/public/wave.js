// The order form without reloading: the total as the buyer types, one submit per tap, and the kg
// left and what the buyer may still order kept current (the delivery fields: delivery-fields.js).
const form = document.getElementById('order-form');
const rp = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });
const kg = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 });

if (form) {
  const total = document.getElementById('total');
  const quantities = [...form.querySelectorAll('input[data-price]')];
  const showTotal = () => {
    const sum = quantities.reduce((acc, input) => acc + (Number.parseInt(input.value, 10) || 0) * Number(input.dataset.price), 0);
    total.textContent = `Rp ${rp.format(sum)}`;
  };
  form.addEventListener('input', showTotal);
  showTotal();

  // The idempotency key already makes a double tap one order; this spares the second request.
  form.addEventListener('submit', (event) => {
    if (form.dataset.sent) event.preventDefault();
    form.dataset.sent = '1';
    form.querySelector('button[type=submit]').setAttribute('aria-disabled', 'true');
  });

  const weight = (n) => (n >= 1000 ? `${kg.format(n / 1000)} ton` : `${rp.format(n)} kg`);
  const refresh = async () => {
    if (document.hidden) return;
    try {
      const answer = await fetch(form.dataset.sisaUrl, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (!answer.ok) return;
      for (const product of (await answer.json()).products) {
        const el = document.querySelector(`[data-sisa="${product.id}"]`);
        if (el) el.textContent = form.dataset.leftLabel.replace('{left}', weight(product.remainingKg));
        // What the buyer may still order: the largest total whole packs make under their limit that the stock still holds.
        const mayStill = document.querySelector(`[data-may-still="${product.id}"]`);
        if (mayStill) {
          const fits = mayStill.dataset.orderable
            .split(' ')
            .map(Number)
            .filter((amount) => amount > 0 && amount <= product.remainingKg);
          mayStill.textContent = fits.length
            ? mayStill.dataset.label.replace('{kg}', weight(fits[fits.length - 1]))
            : mayStill.dataset.labelNone;
        }
      }
    } catch {
      // Offline for a moment: the figure stays as it was.
    }
  };
  setInterval(refresh, 15000);
}
