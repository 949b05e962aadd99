// Every form with home-delivery fields (the wave page's order form, the order page's change form):
// the address only for home delivery, and a map pin from the phone.
for (const form of document.querySelectorAll('form[data-delivery-fields]')) {
  const delivery = document.getElementById(form.dataset.deliveryFields);
  const showDelivery = () => {
    delivery.hidden = form.elements.cara.value !== 'delivery';
  };
  form.addEventListener('change', showDelivery);
  showDelivery();

  const locate = form.querySelector('button[data-locate]');
  if ('geolocation' in navigator) {
    locate.hidden = false;
    locate.addEventListener('click', () => {
      const status = document.getElementById(locate.dataset.status);
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
}
