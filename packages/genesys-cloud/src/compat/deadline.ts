// Request timeouts of the compat layer without a timer and an AbortController per request. Every compat call has
// a timeout (16 s by default, as in the official SDK), and a controller plus a timer per request cost more CPU than
// the rest of the compat layer. Requests that start within the same short slot share one signal instead: its timer
// fires once the last of them has had its whole timeout (at most one slot, 1% of the timeout, later than its own
// deadline) and aborts those still running. The timer never keeps a process alive (a running request's socket
// does), and it is cleared once its slot is over and no request holds it.

/** The share of the timeout a slot spans (so a request times out at most 1% late), between 1 and 100 ms. */
function slotMs(timeout: number): number {
  return Math.min(100, Math.max(1, Math.floor(timeout / 100)));
}

export class DeadlineSlot {
  readonly signal: AbortSignal;
  /** Set when the slot's timer fired: every request still holding the slot ran out of time. */
  expired = false;
  /** Requests holding the slot. */
  holders = 0;
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** A newer slot takes the requests that start from now on. */
  private retired = false;

  constructor(
    readonly timeout: number,
    readonly slot: number,
    private readonly onDone: (s: DeadlineSlot) => void,
    now: number,
    signalCreated?: (signal: AbortSignal) => void,
  ) {
    this.signal = this.controller.signal;
    signalCreated?.(this.signal);
    // Requests of this slot start in [slot, slot + 1) * slotMs: each has run at least `timeout` by then.
    const due = (slot + 1) * slotMs(timeout) + timeout - now;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.expired = true;
      this.onDone(this);
      this.controller.abort(new Error(`timed out after ${timeout} ms`));
    }, due);
    (this.timer as { unref?: () => void }).unref?.();
  }

  /** Whether the slot takes requests (its timer runs and no newer slot replaced it). */
  get open(): boolean {
    return this.timer !== undefined && !this.retired;
  }

  release(): void {
    if (this.holders > 0) this.holders--;
    if (this.holders === 0 && this.retired) this.stop();
  }

  retire(): void {
    this.retired = true;
    if (this.holders === 0) this.stop();
  }

  private stop(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.onDone(this);
  }
}

/**
 * Hands out shared deadline signals. `signalCreated` sees each new signal (Node: lift the listener limit, since
 * every in-flight request of a slot adds an abort listener).
 */
export class Deadlines {
  /** The slot taking requests, per timeout. */
  private readonly current = new Map<number, DeadlineSlot>();
  /** Slots whose timer runs. */
  private readonly live = new Set<DeadlineSlot>();

  constructor(private readonly signalCreated?: (signal: AbortSignal) => void) {}

  /** The slot for a request starting now with this timeout; call release() on it when the request is done. */
  acquire(timeout: number): DeadlineSlot {
    const now = performance.now();
    const slot = Math.floor(now / slotMs(timeout));
    let s = this.current.get(timeout);
    if (!s || s.slot !== slot || !s.open) {
      s?.retire();
      s = new DeadlineSlot(
        timeout,
        slot,
        (done) => {
          this.live.delete(done);
          if (this.current.get(timeout) === done) this.current.delete(timeout);
        },
        now,
        this.signalCreated,
      );
      this.current.set(timeout, s);
      this.live.add(s);
    }
    s.holders++;
    return s;
  }

  /** Requests holding a deadline right now. */
  get inFlight(): number {
    let n = 0;
    for (const s of this.live) n += s.holders;
    return n;
  }

  /** Slots whose (unreferenced) timer still runs: at most the current one per timeout once requests are done. */
  get timers(): number {
    return this.live.size;
  }
}
