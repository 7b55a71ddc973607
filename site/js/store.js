// The page's one state: a frozen object replaced, never mutated, on every change. Each
// change is one "change" event carrying the state before and after, so a view redraws
// only when a value it reads is no longer the same object.

export class Store extends EventTarget {
  #state;

  constructor(initial) {
    super();
    this.#state = Object.freeze({ ...initial });
  }

  get state() {
    return this.#state;
  }

  set(changes) {
    const before = this.#state;
    this.#state = Object.freeze({ ...before, ...changes });
    this.dispatchEvent(new CustomEvent("change", { detail: { state: this.#state, before } }));
  }

  // views: [view(state, before), the keys of the state it shows], drawn in that order now
  // and again on each change of any of its keys.
  show(views) {
    const draw = (state, before) => {
      for (const [view, keys] of views) {
        if (keys.some((key) => state[key] !== before[key])) view(state, before);
      }
    };
    this.addEventListener("change", ({ detail: { state, before } }) => draw(state, before));
    draw(this.#state, {});
  }
}
