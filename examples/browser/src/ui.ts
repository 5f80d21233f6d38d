// Small DOM helpers for the page.
import { ApiError, SkyportError } from '@skyport/core';

/** The element with this id (the page is static, so a missing one is a bug). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from index.html`);
  return el as T;
}

export function show(id: string, visible: boolean): void {
  byId(id).hidden = !visible;
}

export function text(id: string, value: string): void {
  byId(id).textContent = value;
}

/** A readable one-paragraph description of an error: kind, message, HTTP status and correlation id. */
export function describe(err: unknown): string {
  if (err instanceof ApiError) {
    const body = err.body as { message?: string; error_description?: string; error?: string } | undefined;
    const detail = body?.message ?? body?.error_description ?? body?.error ?? err.message;
    const id = err.correlationId ? ` (correlation id ${err.correlationId})` : '';
    return `${err.status} ${err.statusText}: ${detail}${id}`;
  }
  // The class's `kind` survives minification; `name` comes from the (possibly renamed) constructor.
  if (err instanceof SkyportError) return `${kindOf(err)}: ${err.message}`;
  if (err instanceof Error) return err.message;
  return String(err);
}

function kindOf(err: SkyportError): string {
  const kind = (err.constructor as { kind?: unknown }).kind;
  return typeof kind === 'string' ? kind : err.name;
}

export function showError(id: string, context: string, err: unknown): void {
  const el = byId(id);
  el.textContent = `${context}: ${describe(err)}`;
  el.hidden = false;
  console.error(context, err);
}

export function clearError(id: string): void {
  const el = byId(id);
  el.textContent = '';
  el.hidden = true;
}

/** A table row of text cells (never HTML, so data from the API cannot inject markup). */
export function row(cells: (string | Node)[]): HTMLTableRowElement {
  const tr = document.createElement('tr');
  for (const c of cells) {
    const td = document.createElement('td');
    td.append(c);
    tr.append(td);
  }
  return tr;
}

export function code(value: string): HTMLElement {
  const el = document.createElement('code');
  el.textContent = value;
  return el;
}

export function badge(value: string, tone?: 'ok' | 'warn'): HTMLElement {
  const el = document.createElement('span');
  el.className = tone ? `badge ${tone}` : 'badge';
  el.textContent = value;
  return el;
}

/** Disables the button while `work` runs. */
export async function busy<T>(button: HTMLButtonElement | null, work: () => Promise<T>): Promise<T> {
  if (button) button.disabled = true;
  try {
    return await work();
  } finally {
    if (button) button.disabled = false;
  }
}
