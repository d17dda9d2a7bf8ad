// How numbers look on the dashboard. Missing values show as an en dash, never as 0.

const DASH = '–';

export function num(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return DASH;
  return Number(value).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function ms(value, digits) {
  if (value === null || value === undefined || Number.isNaN(value)) return DASH;
  if (value >= 10000) return `${num(value / 1000, 1)} s`;
  return `${num(value, digits ?? (value < 10 ? 2 : value < 100 ? 1 : 0))} ms`;
}

export function pct(value, digits = 1) {
  if (value === null || value === undefined || Number.isNaN(value)) return DASH;
  return `${num(value, digits)} %`;
}

export function rate(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return DASH;
  return `${num(value, value < 10 ? 2 : 1)}/s`;
}

export function bytes(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return DASH;
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = Number(value);
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${num(v, i === 0 ? 0 : 1)} ${units[i]}`;
}

export function time(iso) {
  if (!iso) return DASH;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toLocaleString('en-GB', { year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function ago(iso) {
  if (!iso) return DASH;
  const seconds = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (Number.isNaN(seconds)) return DASH;
  if (seconds < 0) return 'just now';
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined) return DASH;
  const s = Math.floor(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

/** A value in the unit its signal name ends with (requests.p95_ms, system.cpu_percent...). */
export function signalValue(name, value) {
  if (name.endsWith('_ms')) return ms(value);
  if (name.endsWith('_percent')) return pct(value);
  if (name.endsWith('_rps')) return rate(value);
  if (name.endsWith('_bytes_per_s')) return `${bytes(value)}/s`;
  return num(value, 2);
}
