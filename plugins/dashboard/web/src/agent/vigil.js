// vigil.js: included by a monitored page as
//   <script src="https://vigil.example/vigil.js" data-token="INGEST_TOKEN" data-service="shop" defer></script>
// It collects Web Vitals (LCP, INP, CLS, FCP, TTFB, with the web-vitals package), navigation timing, slow
// resources and JavaScript errors, and sends them in batches to the Vigil server the script came from. Batches
// go as text/plain with the token in the query string, so no CORS preflight is needed, and with sendBeacon when
// the page is hidden or left, so the last measurements are not lost.
import { onCLS, onFCP, onINP, onLCP, onTTFB } from 'web-vitals';

(function vigilAgent() {
  const script = document.currentScript;
  if (!script || window.vigil) return;
  const source = new URL(script.src, location.href);
  const token = script.dataset.token || source.searchParams.get('token');
  if (!token) {
    console.warn('vigil.js: no data-token attribute; nothing will be sent');
    return;
  }
  // Filled in by the server from config/plugins/dashboard.yaml; a page may override them.
  const slowResourceMs = Number(script.dataset.slowResourceMs) || Number('%%SLOW_RESOURCE_MS%%') || 1000;
  const flushIntervalMs = Number('%%FLUSH_INTERVAL_MS%%') || 10000;
  const service = script.dataset.service || undefined;
  const release = script.dataset.release || undefined;
  const environment = script.dataset.environment || undefined;
  const server = source.origin;
  const query = `?access_token=${encodeURIComponent(token)}`;
  const vitalsUrl = `${server}/api/v1/dashboard/vitals${query}`;
  const errorsUrl = `${server}/api/v1/errors/ingest${query}`;
  const MAX_BATCH = 100;
  const MAX_ERRORS_PER_VIEW = 25;
  const MAX_RESOURCES_PER_VIEW = 50;

  const vitals = [];
  const errors = [];
  const seenErrors = new Set();
  let errorCount = 0;
  let resourceCount = 0;

  const pageUrl = () => location.origin + location.pathname;

  function send(url, records, hidden) {
    for (let i = 0; i < records.length; i += MAX_BATCH) {
      const body = JSON.stringify({ records: records.slice(i, i + MAX_BATCH) });
      // A string body goes as text/plain: a "simple" request that needs no preflight.
      if (hidden && navigator.sendBeacon && navigator.sendBeacon(url, body)) continue;
      fetch(url, { method: 'POST', body, keepalive: body.length < 60000, mode: 'cors', credentials: 'omit',
        headers: { 'Content-Type': 'text/plain;charset=UTF-8' } }).catch(() => {});
    }
  }

  function flush(hidden) {
    if (vitals.length) send(vitalsUrl, vitals.splice(0), hidden);
    if (errors.length) send(errorsUrl, errors.splice(0), hidden);
  }

  function hidden() {
    return document.visibilityState === 'hidden';
  }

  function queueVital(record) {
    vitals.push(Object.assign({ page: pageUrl(), service }, record));
    // Metrics reported while the page is being hidden are the last ones: send them at once.
    if (hidden()) flush(true);
  }

  function report(metric) {
    queueVital({ type: 'vital', name: metric.name, value: Math.max(0, metric.value), rating: metric.rating,
      navigation_type: metric.navigationType });
  }

  onTTFB(report);
  onFCP(report);
  onLCP(report);
  onCLS(report);
  // INP: web-vitals works out the interaction in an idle callback (up to 1 s after it) and, told only at the page's
  // hiding, can miss one that was not worked out yet: a visitor who clicks and leaves within the second was never
  // reported. With every change reported, the newest value is held here and sent once, when the page is hidden or
  // left (as web-vitals documents: visibilitychange to hidden, or pagehide), whichever of the two comes first or
  // whenever web-vitals reports it while the page is already hidden.
  let latestInp = null;
  onINP((metric) => {
    latestInp = metric;
    if (hidden()) leaving();
  }, { reportAllChanges: true });

  function takeInp() {
    if (latestInp) report(latestInp);
    latestInp = null;
  }

  /** The page is hidden or being left: send everything now, with sendBeacon. */
  function leaving() {
    takeInp();
    flush(true);
  }

  function navigationTiming() {
    const nav = performance.getEntriesByType && performance.getEntriesByType('navigation')[0];
    if (!nav) return;
    const span = (from, to) => (from > 0 || to > 0) && to >= from ? Math.round((to - from) * 10) / 10 : undefined;
    queueVital({
      type: 'navigation',
      dns_ms: span(nav.domainLookupStart, nav.domainLookupEnd),
      connect_ms: span(nav.connectStart, nav.connectEnd),
      request_ms: span(nav.requestStart, nav.responseStart),
      response_ms: span(nav.responseStart, nav.responseEnd),
      dom_interactive_ms: span(0, nav.domInteractive),
      dom_content_loaded_ms: span(0, nav.domContentLoadedEventEnd),
      load_ms: span(0, nav.loadEventEnd),
    });
  }
  if (document.readyState === 'complete') setTimeout(navigationTiming, 0);
  else window.addEventListener('load', () => setTimeout(navigationTiming, 0));

  function withoutQuery(url) {
    const cut = url.search(/[?#]/);
    return cut < 0 ? url : url.slice(0, cut);
  }

  // Query strings may hold tokens or e-mail addresses: they are cut from every address in a stack or message,
  // keeping the :line:column that follows.
  const ADDRESS_QUERY = /(\bhttps?:\/\/[^\s?#()]+)[?#][^\s()]*?(?=:\d+:\d+|:\d+(?=[\s)]|$)|[\s()]|$)/g;
  const scrub = (text) => (text ? String(text).replace(ADDRESS_QUERY, '$1') : text);

  if (typeof PerformanceObserver === 'function') {
    try {
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          // Our own beacons are not the page's resources.
          if (entry.duration < slowResourceMs || entry.name.startsWith(`${server}/api/`)) continue;
          if (resourceCount++ >= MAX_RESOURCES_PER_VIEW) return;
          queueVital({ type: 'resource', url: withoutQuery(entry.name), initiator: entry.initiatorType || 'other',
            duration_ms: Math.round(entry.duration * 10) / 10,
            transfer_bytes: entry.transferSize > 0 ? entry.transferSize : undefined });
        }
      }).observe({ type: 'resource', buffered: true });
    } catch (e) { /* resource timing is not supported here */ }
  }

  function captureError(error, extra) {
    const err = error instanceof Error ? error : null;
    const message = scrub(err ? err.message : (error && error.message) || String(error));
    const type = err ? err.name || 'Error' : (extra && extra.type) || 'Error';
    const stack = err && err.stack ? scrub(err.stack) : undefined;
    const key = `${type}|${message}|${stack || ''}`;
    if (seenErrors.has(key) || errorCount >= MAX_ERRORS_PER_VIEW) return;
    seenErrors.add(key);
    errorCount++;
    const context = Object.assign({ url: pageUrl() }, extra && extra.context);
    errors.push({
      timestamp: new Date().toISOString(),
      service: service || location.host,
      level: 'ERROR',
      exception_type: type,
      message: String(message).slice(0, 2000),
      stack: stack ? stack.slice(0, 20000) : undefined,
      endpoint: location.pathname,
      user_agent: navigator.userAgent,
      release,
      environment,
      context,
    });
    // Errors are sent soon: the page may be about to break further.
    clearTimeout(captureError.timer);
    captureError.timer = setTimeout(() => flush(hidden()), 1000);
  }

  window.addEventListener('error', (event) => {
    if (!(event instanceof ErrorEvent)) return; // a failed image or script load, not a JavaScript error
    captureError(event.error || event.message, {
      context: { source: 'window.onerror', file: scrub(event.filename), line: event.lineno, column: event.colno },
    });
  });
  window.addEventListener('unhandledrejection', (event) => {
    const reason = event.reason;
    captureError(reason instanceof Error ? reason : { message: `Unhandled rejection: ${String(reason)}` }, {
      type: 'UnhandledRejection', context: { source: 'unhandledrejection' },
    });
  });

  document.addEventListener('visibilitychange', () => { if (hidden()) leaving(); }, true);
  window.addEventListener('pagehide', () => leaving(), true);
  setInterval(() => flush(false), flushIntervalMs);

  window.vigil = { flush: () => flush(false), captureError: (e) => captureError(e), version: 1 };
}());
