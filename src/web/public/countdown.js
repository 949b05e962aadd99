// Counts down to a wave's opening (<time data-countdown datetime=...>); with data-reload the page
// reloads when the wave opens, so the order form appears without the buyer doing anything.
const units = [
  ['d', 86400],
  ['h', 3600],
  ['m', 60],
  ['s', 1],
];

function tick(el) {
  const left = Math.max(0, Math.round((Date.parse(el.getAttribute('datetime')) - Date.now()) / 1000));
  if (left === 0 && el.hasAttribute('data-reload')) {
    location.reload();
    return false;
  }
  let rest = left;
  const parts = [];
  for (const [key, size] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 || key === 's' || parts.length > 0) parts.push(`${n} ${el.dataset[`label${key.toUpperCase()}`] || key}`);
  }
  el.textContent = `${el.dataset.prefix} ${parts.slice(0, 3).join(' ')}`;
  return true;
}

for (const el of document.querySelectorAll('time[data-countdown]')) {
  if (tick(el)) {
    const timer = setInterval(() => tick(el) || clearInterval(timer), 1000);
  }
}
