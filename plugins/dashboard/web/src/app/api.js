// The JSON API with the signed-in token. Every data call of the dashboard goes through here.

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** The plugin that serves this route is not installed (404) or not running (503). */
  get unavailable() {
    return (this.status === 503 && this.code === 'plugin_unavailable')
      || (this.status === 404 && /^no plugin '/.test(this.message));
  }
}

export function createApi(tokenSource, onUnauthorized) {
  async function request(method, path, body) {
    const headers = { Authorization: `Bearer ${tokenSource()}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new ApiError(0, 'network', `the server cannot be reached (${e.message})`);
    }
    const text = await response.text();
    let data = null;
    if (text) {
      try { data = JSON.parse(text); } catch { data = text; }
    }
    if (!response.ok) {
      const error = (data && data.error) || {};
      if (response.status === 401) onUnauthorized();
      throw new ApiError(response.status, error.code || `http_${response.status}`,
        error.message || response.statusText || `HTTP ${response.status}`, error.details);
    }
    return data;
  }
  return {
    get: (path) => request('GET', path),
    post: (path, body = {}) => request('POST', path, body),
    put: (path, body) => request('PUT', path, body),
    patch: (path, body) => request('PATCH', path, body),
    del: (path) => request('DELETE', path),
  };
}

/** Query string from an object, leaving out empty values. */
export function qs(params) {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
