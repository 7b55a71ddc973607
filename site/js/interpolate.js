// The sky between the samples of GET /sky answers, with no astronomy: each body's
// direction as a unit vector (east, north, up), a cubic through the four samples around
// the moment, normalised and turned back into azimuth and altitude. A vector has no seam
// at azimuth 0/360 and nothing singular at the zenith, where azimuth swings fast.
// What changes in steps (visibility, compass, constellation, magnitude, phase) comes
// from the nearest sample.

const RAD = Math.PI / 180;

function vector(az, alt) {
  const c = Math.cos(alt * RAD);
  return [c * Math.sin(az * RAD), c * Math.cos(az * RAD), Math.sin(alt * RAD)];
}

// Written to the API's own last digit (5 decimals, shapes.DEGREES), never a double's
// seventeen: the details show these numbers as they show the API's. 360 is written 0.
const API_SCALE = 1e5;
const written = (degrees) => Math.round(degrees * API_SCALE) / API_SCALE;

function direction([e, n, u]) {
  const az = Math.atan2(e, n) / RAD;
  const alt = Math.atan2(u, Math.hypot(e, n)) / RAD;
  return { az: written(az < 0 ? az + 360 : az) % 360, alt: written(alt) };
}

// Lagrange weights at u (in steps from the first of four equally spaced samples).
function weights(u) {
  return [
    -((u - 1) * (u - 2) * (u - 3)) / 6,
    (u * (u - 2) * (u - 3)) / 2,
    -(u * (u - 1) * (u - 3)) / 2,
    (u * (u - 1) * (u - 2)) / 6,
  ];
}

// The samples of several /sky answers for one place, in time order, each instant once.
export function samplesOf(spans) {
  const byTime = new Map();
  for (const span of spans) {
    for (const sample of span.samples) byTime.set(Date.parse(sample.time), sample);
  }
  return [...byTime.entries()].sort(([a], [b]) => a - b);
}

// Whether the samples reach from `ms` to `ms + aheadMs` with the same step throughout.
export function covers(spans, ms, aheadMs = 0) {
  const samples = samplesOf(spans);
  if (samples.length < 4) return false;
  const first = samples[0][0];
  const step = samples[1][0] - first;
  const evenly = samples.every(([t], i) => t === first + i * step);
  return evenly && first <= ms && ms + aheadMs <= samples[samples.length - 1][0];
}

// The sky at `ms` (epoch milliseconds) as a /planets answer would give it, from /sky
// answers for one place whose samples are evenly spaced; a moment outside them is held
// at the nearest end.
export function skyAt(spans, ms) {
  const samples = samplesOf(spans);
  const [t0] = samples[0];
  const last = samples.length - 1;
  const step = last > 0 ? samples[1][0] - t0 : 1;
  const at = Math.min(Math.max((ms - t0) / step, 0), last);
  const nearest = samples[Math.round(at)][1];
  const time = new Date(t0 + at * step).toISOString();
  const answer = { time, observer: spans[spans.length - 1].observer, bodies: nearest.bodies };
  if (last < 3) return answer;
  const first = Math.min(Math.max(Math.floor(at) - 1, 0), last - 3);
  const w = weights(at - first);
  const four = samples.slice(first, first + 4).map(([, sample]) => sample.bodies);
  const bodies = nearest.bodies.map((body, i) => {
    const sum = [0, 0, 0];
    four.forEach((sampleBodies, k) => {
      vector(sampleBodies[i].az, sampleBodies[i].alt).forEach((x, j) => (sum[j] += w[k] * x));
    });
    const { az, alt } = direction(sum);
    // The nearest sample's body, its position moved: its other fields are inherited, and
    // read only where they are shown.
    return Object.assign(Object.create(body), { az, alt, above_horizon: alt > 0 });
  });
  return { ...answer, bodies };
}
