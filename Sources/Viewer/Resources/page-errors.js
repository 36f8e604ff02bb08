const mimic = { errors: [], missing: [] };
mimic.reportError = function (message) {
  mimic.errors.push(String(message));
  document.documentElement.dataset.error = mimic.errors.join(' | ');
  document.title = 'error: ' + mimic.errors[0];
  const show = () => {
    const box = document.getElementById('errors');
    if (!box) return;
    box.hidden = false;
    box.textContent = 'This page hit a script error — please report it:\n' + mimic.errors.join('\n');
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', show); else show();
};
window.addEventListener('error', e => mimic.reportError((e.message || 'error') + (e.lineno ? ' (line ' + e.lineno + ':' + e.colno + ')' : '')));
window.addEventListener('unhandledrejection', e => mimic.reportError('unhandled rejection: ' + ((e.reason && e.reason.message) || e.reason)));
