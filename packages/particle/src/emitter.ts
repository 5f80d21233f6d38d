// A tiny EventEmitter-compatible class that works in Node and browsers (no Node built-ins).
type Listener = (...args: any[]) => void;

export class Emitter {
  // Listener arrays are never changed in place (on/off make new ones), so emit() can run over the array it
  // read without copying it, and a listener that adds or removes listeners does not disturb that emit.
  #listeners = new Map<string, Listener[]>();

  on(event: string, fn: Listener): this {
    const list = this.#listeners.get(event);
    this.#listeners.set(event, list ? [...list, fn] : [fn]);
    return this;
  }
  addListener(event: string, fn: Listener): this {
    return this.on(event, fn);
  }
  once(event: string, fn: Listener): this {
    const wrapped: Listener & { listener?: Listener } = (...args) => {
      this.off(event, wrapped);
      fn(...args);
    };
    // As in Node: off(event, fn) also removes a listener added with once(event, fn).
    wrapped.listener = fn;
    return this.on(event, wrapped);
  }
  off(event: string, fn: Listener): this {
    const list = this.#listeners.get(event);
    if (list) {
      let i = list.length - 1;
      while (i >= 0 && list[i] !== fn && (list[i] as { listener?: Listener }).listener !== fn) i--;
      if (i >= 0) {
        if (list.length === 1) this.#listeners.delete(event);
        else this.#listeners.set(event, [...list.slice(0, i), ...list.slice(i + 1)]);
      }
    }
    return this;
  }
  removeListener(event: string, fn: Listener): this {
    return this.off(event, fn);
  }
  removeAllListeners(event?: string): this {
    if (event === undefined) this.#listeners.clear();
    else this.#listeners.delete(event);
    return this;
  }
  listenerCount(event: string): number {
    return this.#listeners.get(event)?.length ?? 0;
  }
  emit(event: string, ...args: unknown[]): boolean {
    const list = this.#listeners.get(event);
    if (!list) return false;
    for (let i = 0; i < list.length; i++) list[i]!(...args);
    return true;
  }
}
