// Building SVG, and the one place the page measures what the browser laid out: the
// drawings take sizes as arguments and never read the DOM themselves.

const NS = "http://www.w3.org/2000/svg";

export function svg(tag, attributes = {}, text = null) {
  const node = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== null) node.textContent = text;
  return node;
}

// A drawing's width in CSS pixels, as laid out (0 while hidden).
export function widthOf(node) {
  return Math.round(node.clientWidth || node.getBoundingClientRect().width || 0);
}

// Each label's text drawn into `group` (its class sets the font) and measured: width,
// height and where its box sits relative to the text's anchor point. labels: [{text,
// cls, data}], data being the node's data-* attributes; returns [{node, w, h, bx, by}].
export function measureText(group, labels) {
  const nodes = labels.map(({ text, cls, data = {} }) => {
    const node = svg("text", { class: cls, x: 0, y: 0 }, text);
    Object.assign(node.dataset, data);
    group.append(node);
    return node;
  });
  return nodes.map((node) => {
    const b = node.getBBox();
    const size = Number.parseFloat(getComputedStyle(node).fontSize) || 12;
    // A drawing that is not laid out (hidden) measures nothing: estimate instead.
    const est =
      b.width > 0
        ? b
        : { x: 0, y: -0.8 * size, width: 0.6 * size * node.textContent.length, height: 1.2 * size };
    return { node, w: est.width, h: est.height, bx: est.x, by: est.y };
  });
}
