// Label placement, pure: boxes in, boxes out. A label goes to the first candidate
// place that stays inside the bounds and touches no mark and no label already placed;
// labels are placed in the order given (most important first); a label that finds no
// place is left out, unless it is required, when it is tried further out with a leader
// line to its mark. Nothing here measures text: the caller gives each label's size.

const PAD = 1.5; // px of clear space kept around every box
const HIDDEN_COST = 10; // px of distance a required label would rather go than hide a faint star
const MOST_HIDDEN = 6; // faint stars a required label may hide

export function intersects(a, b, pad = 0) {
  return a.x0 < b.x1 + pad && b.x0 < a.x1 + pad && a.y0 < b.y1 + pad && b.y0 < a.y1 + pad;
}

// A uniform grid of boxes, so a test against hundreds of star marks stays cheap.
export class BoxIndex {
  #cell;
  #cells = new Map();

  constructor(cell = 32) {
    this.#cell = cell;
  }

  #keys(box) {
    const c = this.#cell;
    const keys = [];
    for (let i = Math.floor(box.x0 / c); i <= Math.floor(box.x1 / c); i += 1) {
      for (let j = Math.floor(box.y0 / c); j <= Math.floor(box.y1 / c); j += 1)
        keys.push(`${i},${j}`);
    }
    return keys;
  }

  add(box) {
    for (const key of this.#keys(box)) {
      if (!this.#cells.has(key)) this.#cells.set(key, []);
      this.#cells.get(key).push(box);
    }
  }

  // Every box that touches `box` (with the padding).
  under(box, pad = PAD) {
    const found = new Set();
    const grown = { x0: box.x0 - pad, y0: box.y0 - pad, x1: box.x1 + pad, y1: box.y1 + pad };
    for (const key of this.#keys(grown)) {
      for (const other of this.#cells.get(key) ?? [])
        if (intersects(box, other, pad)) found.add(other);
    }
    return [...found];
  }

  remove(box) {
    for (const key of this.#keys(box)) {
      const list = this.#cells.get(key);
      if (list)
        this.#cells.set(
          key,
          list.filter((other) => other !== box),
        );
    }
  }

  hits(box, pad = PAD) {
    const grown = { x0: box.x0 - pad, y0: box.y0 - pad, x1: box.x1 + pad, y1: box.y1 + pad };
    return this.#keys(grown).some((key) =>
      (this.#cells.get(key) ?? []).some((other) => intersects(box, other, pad)),
    );
  }
}

const inside = (box, bounds) =>
  box.x0 >= bounds.x0 && box.y0 >= bounds.y0 && box.x1 <= bounds.x1 && box.y1 <= bounds.y1;

// Directions to try around a mark: right, left, then above and below, then diagonals.
const AROUND = [0, 180, -90, 90, -30, 30, -150, 150, -60, 60, -120, 120];
const NEAR_GAPS = [2, 4, 7];
const FAR_GAPS = [11, 16, 22, 30, 40, 52, 66, 82, 100, 120];

function besideBox(label, angleDeg, gap) {
  const a = (angleDeg * Math.PI) / 180;
  const [cos, sin] = [Math.cos(a), Math.sin(a)];
  // The box's centre moves out until its near edge is `gap` beyond the mark.
  const reach = label.r + gap;
  const cx = label.x + cos * (reach + label.w / 2);
  const cy = label.y + sin * (reach + label.h / 2);
  return { x0: cx - label.w / 2, y0: cy - label.h / 2, x1: cx + label.w / 2, y1: cy + label.h / 2 };
}

function* candidates(label) {
  const centred = (cx, cy) => ({
    x0: cx - label.w / 2,
    y0: cy - label.h / 2,
    x1: cx + label.w / 2,
    y1: cy + label.h / 2,
  });
  if (label.mode === "fixed") {
    yield { box: centred(label.x, label.y), leader: false };
    return;
  }
  if (label.anchors) {
    for (const { x, y } of label.anchors) yield { box: centred(x, y), leader: false };
    return;
  }
  if (label.mode === "centre") {
    for (const gap of [0, 4, 8, 12, 18]) {
      for (const angle of gap === 0 ? [0] : [-90, 90, 0, 180, -45, 45, -135, 135]) {
        const a = (angle * Math.PI) / 180;
        const cx = label.x + Math.cos(a) * gap;
        const cy = label.y + Math.sin(a) * gap;
        yield { box: centred(cx, cy), leader: false };
      }
    }
    return;
  }
  for (const gap of NEAR_GAPS)
    for (const angle of AROUND) yield { box: besideBox(label, angle, gap), leader: false, gap };
  if (!label.required && !label.far) return;
  for (const gap of FAR_GAPS) {
    for (let angle = 0; angle < 360; angle += 20)
      yield { box: besideBox(label, angle, gap), leader: true, gap };
  }
}

// labels: [{id, w, h, x, y, r, mode: "beside" | "centre" | "fixed", anchors, required, far}]
//   (x, y): the mark's centre (or the label's centre for "centre" and "fixed"); r: the
//   mark's radius; anchors: for "centre", the places [{x, y}] to try, in order;
//   far: may go beyond the near ring with a leader even if not required.
// marks: boxes {x0, y0, x1, y1, star, soft} no label may touch. A required label that
//   finds no clear place beside its mark may knock out a few soft marks (faint stars)
//   under it, as printed charts do, rather than go far, and any star rather than be
//   left out; the caller then leaves those marks out.
// bounds: the box labels stay in.
// Returns {placed: Map from id to {box, leader}, knocked: Set of the marks knocked out};
// labels left out are absent from `placed`.
export function placeLabels(labels, marks, bounds) {
  const taken = new BoxIndex();
  for (const mark of marks) taken.add(mark);
  const placed = new Map();
  const knocked = new Set();
  const settle = (label, option) => {
    taken.add(option.box);
    placed.set(label.id, option);
  };
  // The place that hides the fewest marks that `may` allows hiding, and nothing else.
  const leastHidden = (options, may) => {
    let best = null;
    for (const option of options) {
      const under = taken.under(option.box);
      if (!under.every(may)) continue;
      if (!best || under.length < best.under.length) best = { option, under };
      if (best.under.length <= 1) break;
    }
    return best;
  };
  for (const label of labels) {
    const options = [...candidates(label)].filter((option) => inside(option.box, bounds));
    const clear = options.find((option) => !taken.hits(option.box));
    if (clear && (!clear.leader || !label.required)) {
      settle(label, clear);
      continue;
    }
    if (!label.required) continue;
    // A required label with no clear place beside its mark: the place that costs least,
    // a pixel for each pixel away and HIDDEN_COST for each faint star hidden (at most
    // MOST_HIDDEN); failing any, the one over the fewest stars of any brightness.
    let found = null;
    for (const option of options) {
      const under = taken.under(option.box);
      if (under.length > MOST_HIDDEN || !under.every((box) => box.soft)) continue;
      const cost = option.gap + HIDDEN_COST * under.length;
      if (!found || cost < found.cost) found = { option, under, cost };
    }
    found ??= leastHidden(options, (box) => box.star);
    if (!found) continue;
    for (const box of found.under) {
      taken.remove(box);
      knocked.add(box);
    }
    settle(label, found.option);
  }
  return { placed, knocked };
}

// Labels in one column (the right end of the Tonight curves): each as near its wanted
// y as it can be with no two closer than their heights plus `gap`, all within [top,
// bottom]. items: [{id, y, h}]; returns a Map from id to the y of the label's centre.
export function spreadColumn(items, top, bottom, gap = 2) {
  const sorted = [...items].sort((a, b) => a.y - b.y);
  const ys = sorted.map((item) =>
    Math.min(Math.max(item.y, top + item.h / 2), bottom - item.h / 2),
  );
  for (let i = 1; i < ys.length; i += 1) {
    const least = ys[i - 1] + (sorted[i - 1].h + sorted[i].h) / 2 + gap;
    if (ys[i] < least) ys[i] = least;
  }
  // Whatever ran past the bottom goes back up, pushing the ones above it.
  for (let i = ys.length - 1; i >= 0; i -= 1) {
    const most =
      i === ys.length - 1
        ? bottom - sorted[i].h / 2
        : ys[i + 1] - (sorted[i].h + sorted[i + 1].h) / 2 - gap;
    if (ys[i] > most) ys[i] = most;
  }
  return new Map(sorted.map((item, i) => [item.id, ys[i]]));
}
