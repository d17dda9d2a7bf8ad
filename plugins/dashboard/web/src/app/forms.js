// Forms for the admin's editing: labelled fields in a modal dialog, and the API's 400 shown at the field it names
// (details.field), so a person sees which input to fix. The API does the validating; the form only reads inputs.
import { h, fill } from './dom.js';

let fieldIds = 0;

/** A refusal found before anything is sent; shaped as the API's 400 (details.field) so it shows the same way. */
export class FieldError extends Error {
  constructor(field, message) {
    super(`${field}: ${message}`);
    this.details = { field };
  }
}

/**
 * A labelled input with a place for its error. name is the API's field name (snake_case); the error of that
 * field, or of anything inside it (matchers.rule, to[1], smtp.host when no smtp.host field exists), shows here.
 */
export function field(label, input, options = {}) {
  const id = input.id || `field-${++fieldIds}`;
  input.id = id;
  const error = h('div.field-error', { id: `${id}-error`, role: 'alert', test: `error-${options.name}` });
  input.setAttribute('aria-describedby', `${id}-error`);
  if (!input.dataset.test && options.name) input.dataset.test = `input-${options.name}`;
  return h('div.field', { 'data-field': options.name, 'data-types': options.types, class: options.wide ? 'field-wide' : '' },
    input.type === 'checkbox'
      ? h('label.check', { for: id }, input, ' ', label)
      : [h('label', { for: id }, label), input],
    options.hint ? h('div.field-hint', options.hint) : null,
    error);
}

export function textInput(value, attrs = {}) {
  return h('input', { type: 'text', autocomplete: 'off', ...attrs, value: value ?? '' });
}

export function selectInput(choices, value, attrs = {}) {
  return h('select', attrs, choices.map((c) => {
    const [v, label] = Array.isArray(c) ? c : [c, c];
    return h('option', { value: v, selected: v === value }, label);
  }));
}

export function checkbox(checked, attrs = {}) {
  return h('input', { type: 'checkbox', ...attrs, checked: !!checked });
}

/**
 * Opens a modal form. onSubmit() sends it and throws on refusal; the dialog closes once it succeeds and then
 * onDone() runs (re-reading the list, so the change shows without a reload). Escape or Cancel close it unsent.
 */
export function openForm(ctx, { title, test, body, submitLabel = 'Save', onSubmit, onDone }) {
  const formError = h('div.form-error', { role: 'alert', test: `${test}-error` });
  const submit = h('button.btn-primary', { type: 'submit', test: `${test}-submit` }, submitLabel);
  const cancel = h('button', { type: 'button', test: `${test}-cancel` }, 'Cancel');
  const form = h('form.form', { test, novalidate: true }, h('h2', title), h('div.form-fields', body), formError,
    h('div.form-actions', submit, cancel));
  const dialog = h('dialog.modal', { 'aria-label': title }, form);
  cancel.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form, formError);
    submit.disabled = true;
    let done = false;
    try {
      await onSubmit();
      done = true;
    } catch (err) {
      showError(form, formError, err);
    } finally {
      submit.disabled = false;
    }
    if (done) {
      dialog.close();
      if (onDone) await onDone();
    }
  });
  ctx.el.append(dialog);
  dialog.showModal();
  form.querySelector('input:not([readonly]):not([type=hidden]), select, textarea')?.focus();
  return form;
}

function clearErrors(form, formError) {
  form.querySelectorAll('.field-error').forEach((el) => { el.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  form.querySelectorAll('.field.invalid').forEach((el) => el.classList.remove('invalid'));
  fill(formError);
}

/** The field the error names, or the nearest enclosing one shown (to[1] → to, matchers.rule → matchers). */
function fieldFor(form, name) {
  const visible = [...form.querySelectorAll('.field[data-field]')].filter((el) => !el.hidden);
  const candidates = [name, name.replace(/\[\d+\]/g, '')];
  for (let cut = name.lastIndexOf('.'); cut > 0; cut = name.lastIndexOf('.', cut - 1)) candidates.push(name.slice(0, cut));
  for (const candidate of candidates) {
    const found = visible.find((el) => el.dataset.field === candidate);
    if (found) return found;
  }
  return null;
}

function showError(form, formError, err) {
  const name = err && err.details && err.details.field;
  const target = name ? fieldFor(form, name) : null;
  if (!target) {
    fill(formError, err.message || String(err));
    return;
  }
  // "warning: must be a number" beside the Warning input reads as "must be a number"; a nested name stays.
  const message = target.dataset.field === name && err.message.startsWith(`${name}: `) ? err.message.slice(name.length + 2) : err.message;
  target.classList.add('invalid');
  target.querySelector('.field-error').textContent = message;
  const input = target.querySelector('input, select, textarea');
  if (input) {
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  }
}

/** "key=value, key=value" → {key: value}; empty → {}. */
export function parsePairs(text, name) {
  const pairs = {};
  for (const part of String(text || '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const at = part.indexOf('=');
    if (at <= 0) throw new FieldError(name, `'${part}' is not key=value`);
    pairs[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return pairs;
}

export function pairsText(pairs) {
  return Object.entries(pairs || {}).map(([k, v]) => `${k}=${v}`).join(', ');
}

/** '' → null; a number → the number; anything else as typed, for the API to refuse naming its field. */
export function numberOrText(text) {
  const trimmed = String(text ?? '').trim();
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : trimmed;
}

/** Shows or hides the fields that belong to some types only (data-types="email pagerduty"). */
export function showForType(form, type) {
  form.querySelectorAll('.field[data-types]').forEach((el) => {
    el.hidden = !el.dataset.types.split(' ').includes(type);
  });
}
