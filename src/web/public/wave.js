// The order form without reloading: the total as the buyer types, one submit per tap, and the kg
// left kept current (the delivery fields: delivery-fields.js).
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
      }
    } catch {
      // Offline for a moment: the figure stays as it was.
    }
  };
  setInterval(refresh, 15000);
}
