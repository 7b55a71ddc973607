const STOPPED = new DOMException("polling stopped", "AbortError");

// Owns all timing: one request at a time, at most one per period, backing off after
// failures, and an AbortController per request so a stop or a refresh cancels it.

export class Poller extends EventTarget {
  #fetchOnce;
  #period;
  #maxDelay;
  #timeout;
  #nextDelay;
  #timer = null;
  #controller = null;
  #failures = 0;
  #running = false;

  // fetchOnce(signal) -> Promise of data. Events: "data" (detail: data), "failure"
  // (detail: {error, retryIn, failures}) and "rejected" (detail: {error}) for a question
  // the API refuses (a 4xx): asking again would get the same answer, so it is not retried. nextDelay(data, elapsedMs) -> ms until
  // the next request after a success, or null for none; by default one per period.
  constructor(
    fetchOnce,
    { period = 2000, maxDelay = 16000, timeout = 10000, nextDelay = null } = {},
  ) {
    super();
    this.#fetchOnce = fetchOnce;
    this.#period = period;
    this.#maxDelay = maxDelay;
    this.#timeout = timeout;
    this.#nextDelay = nextDelay ?? ((data, elapsed) => Math.max(0, period - elapsed));
    this.repeat = true; // false: stop after the first success (a fixed moment never changes)
  }

  get running() {
    return this.#running;
  }

  start() {
    if (this.#running) return;
    this.#running = true;
    this.#schedule(0);
  }

  stop() {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#timer = null;
    // Aborting cancels the request on the wire, so the next one never overlaps it.
    this.#controller?.abort(STOPPED);
    this.#controller = null;
  }

  // The question changed: drop the request in flight and ask again now.
  refresh() {
    this.stop();
    this.#failures = 0;
    this.start();
  }

  #schedule(delay) {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#tick(), delay);
  }

  async #tick() {
    this.#timer = null;
    if (this.#controller) return; // never two requests at once
    const controller = new AbortController();
    this.#controller = controller;
    const watchdog = setTimeout(
      () => controller.abort(new Error("the API did not answer in time")),
      this.#timeout,
    );
    const started = performance.now();
    let delay = null;
    try {
      const data = await this.#fetchOnce(controller.signal);
      this.#failures = 0;
      this.dispatchEvent(new CustomEvent("data", { detail: data }));
      if (this.repeat) delay = this.#nextDelay(data, performance.now() - started);
    } catch (error) {
      if (controller.signal.reason === STOPPED) return; // stopped or refreshed on purpose
      if (refused(error)) {
        this.#failures = 0;
        this.dispatchEvent(new CustomEvent("rejected", { detail: { error } }));
        return;
      }
      this.#failures += 1;
      delay = Math.min(this.#period * 2 ** (this.#failures - 1), this.#maxDelay);
      const detail = { error, retryIn: delay, failures: this.#failures };
      this.dispatchEvent(new CustomEvent("failure", { detail }));
    } finally {
      clearTimeout(watchdog);
      if (this.#controller === controller) this.#controller = null;
    }
    // setTimeout fires at once for anything beyond 2^31 - 1 ms (24.8 days).
    if (this.#running && delay !== null) this.#schedule(Math.min(delay, MAX_TIMEOUT));
  }
}

// A 4xx is the question's fault, except a timeout (408) and too many requests (429).
const refused = (error) =>
  error.status >= 400 && error.status < 500 && ![408, 429].includes(error.status);

const MAX_TIMEOUT = 2 ** 31 - 1;
const EVENT_MARGIN_MS = 1000;

// An /events answer holds until its earliest next rise, set or transit: the time from
// the answer's own moment to that event (on the server's clock, so a browser clock that
// runs early or late does not matter), plus a margin; null when it names no next event.
export function untilEarliestEvent(answer) {
  const next = answer.bodies
    .flatMap((body) => [body.next_rise, body.next_set, body.next_transit])
    .filter((iso) => iso !== null)
    .map((iso) => Date.parse(iso));
  if (next.length === 0) return null;
  return Math.max(0, Math.min(...next) - Date.parse(answer.time)) + EVENT_MARGIN_MS;
}
