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
}
