// The live event stream (GET /api/v1/dashboard/stream, text/event-stream). EventSource cannot send an
// Authorization header, so the stream is read with fetch and parsed here; it reconnects with backoff.

export function createStream(tokenSource, onState) {
  const listeners = new Map();
  let controller = null;
  let stopped = false;
  let attempt = 0;
  let timer = null;

  function on(type, fn) {
    if (!listeners.has(type)) listeners.set(type, new Set());
    listeners.get(type).add(fn);
    return () => listeners.get(type).delete(fn);
  }

  function emit(type, data) {
    for (const fn of listeners.get(type) || []) {
      try { fn(data); } catch (e) { console.error('stream listener failed', e); }
    }
    for (const fn of listeners.get('*') || []) {
      try { fn(type, data); } catch (e) { console.error('stream listener failed', e); }
    }
  }

  async function connect() {
    if (stopped) return;
    onState('connecting');
    controller = new AbortController();
    try {
      const response = await fetch('/api/v1/dashboard/stream', {
        headers: { Authorization: `Bearer ${tokenSource()}`, Accept: 'text/event-stream' },
        signal: controller.signal,
        cache: 'no-store',
      });
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      attempt = 0;
      onState('live');
      await read(response.body.getReader());
      throw new Error('stream ended');
    } catch (e) {
      if (stopped) return;
      onState('offline');
      const delay = Math.min(15000, 1000 * 2 ** Math.min(attempt++, 4));
      timer = setTimeout(connect, delay);
    }
  }

  async function read(reader) {
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        dispatch(block);
      }
    }
  }

  function dispatch(block) {
    let type = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      if (line.startsWith('event:')) type = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    if (!data.length) return;
    let parsed;
    try { parsed = JSON.parse(data.join('\n')); } catch { parsed = data.join('\n'); }
    emit(type, parsed);
  }

  return {
    on,
    start() { stopped = false; connect(); },
    stop() {
      stopped = true;
      clearTimeout(timer);
      if (controller) controller.abort();
      onState('offline');
    },
  };
}
