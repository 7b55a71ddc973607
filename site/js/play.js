// The sky in motion: time run forward at a chosen rate, the chart redrawn a few times a
// second from GET /sky spans of an hour each (a sample a minute), interpolated as for
// "now"; a request an hour of sky (every 6 s at 10 minutes a second), never one a frame.
import { covers, samplesOf, skyAt } from "./interpolate.js";

export const PLAY_SPAN_S = 3600;
export const PLAY_STEP_S = 60;
const FRAME_MS = 250; // four redraws a second: the chart's layout costs tens of ms
const HOUR_MS = PLAY_SPAN_S * 1000;

export class Player {
  #ask; // (startIso, signal) -> Promise of a /sky answer
  #show; // (sky) -> void, for each frame
  #fail; // (error) -> void: the play stops
  #timer = null;
  #spans = [];
  #asking = null; // the AbortController of the span being asked
  #from = 0; // the sky's instant when play began, epoch ms
  #began = 0; // the page's clock then
  #rate = 60;

  constructor(ask, show, fail) {
    [this.#ask, this.#show, this.#fail] = [ask, show, fail];
  }

  // fromMs: the sky's instant to start at; rate: sky seconds per second.
  start(fromMs, rate) {
    this.stop();
    [this.#from, this.#began, this.#rate] = [fromMs, Date.now(), rate];
    this.#timer = setInterval(() => this.#frame(), FRAME_MS);
    this.#frame();
  }

  stop() {
    clearInterval(this.#timer);
    this.#timer = null;
    this.#asking?.abort();
    this.#asking = null;
    this.#spans = [];
  }

  #frame() {
    const ms = this.#from + (Date.now() - this.#began) * this.#rate;
    if (covers(this.#spans, ms)) this.#show(skyAt(this.#spans, ms));
    // The next hour is asked while half of the one held is still to play.
    if (!covers(this.#spans, ms, HOUR_MS / 2)) this.#next(ms);
  }

  async #next(ms) {
    if (this.#asking) return;
    const held = covers(this.#spans, ms) ? samplesOf(this.#spans).at(-1)[0] : null;
    const start = held ?? Math.floor(ms / HOUR_MS) * HOUR_MS;
    const asking = new AbortController();
    this.#asking = asking;
    try {
      const span = await this.#ask(
        new Date(start).toISOString().replace(".000Z", "Z"),
        asking.signal,
      );
      if (this.#asking !== asking) return; // stopped meanwhile
      this.#spans = [...(held === null ? [] : this.#spans), span].slice(-2);
      this.#asking = null;
      this.#frame();
    } catch (error) {
      if (this.#asking !== asking) return;
      this.stop();
      this.#fail(error);
    }
  }
}
