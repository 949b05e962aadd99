// The order form without reloading: the total as the buyer types, the address only for home
// delivery, a map pin from the phone, one submit per tap, and the kg left kept current.
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

  const delivery = document.getElementById('delivery-fields');
  const showDelivery = () => {
    delivery.hidden = form.elements.cara.value !== 'delivery';
  };
  form.addEventListener('change', showDelivery);
  showDelivery();

  const locate = document.getElementById('locate');
  if ('geolocation' in navigator) {
    locate.hidden = false;
    locate.addEventListener('click', () => {
      const status = document.getElementById('locate-status');
      navigator.geolocation.getCurrentPosition(
        (position) => {
          form.elements.lat.value = position.coords.latitude.toFixed(6);
          form.elements.lng.value = position.coords.longitude.toFixed(6);
          status.textContent = locate.dataset.done;
        },
        () => {
          status.textContent = locate.dataset.failed;
        },
        { timeout: 10000 },
      );
    });
  }

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
