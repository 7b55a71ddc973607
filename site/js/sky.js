// The sky's geometry, pure: catalogue coordinates (J2000) to azimuth and altitude for a
// place and a moment, and azimuth and altitude to the chart and back. No DOM, no clock.
//
// Accuracy: precession by the IAU 1976 angles (Lieske et al. 1977); Greenwich mean
// sidereal time by the IAU 1982 expression (Meeus, Astronomical Algorithms, 12.4) with
// UT1 taken as UTC (at most 0.9 s, 13" of sky); nutation (17") and aberration (20") are
// left out, and so is proper motion (Arcturus moves 0.06 degrees a century). Together
// well under 0.1 degree from 1900 to 2100; the browser tests compare with PyEphem.

const DEG = Math.PI / 180;
const J2000 = 2451545.0;

export function julianDay(ms) {
  return ms / 86400000 + 2440587.5;
}

// Greenwich mean sidereal time, degrees 0..360.
export function gmstDeg(ms) {
  const jd = julianDay(ms);
  const d = jd - J2000;
  const t = d / 36525;
  const deg = 280.46061837 + 360.98564736629 * d + 0.000387933 * t * t - (t * t * t) / 38710000;
  return ((deg % 360) + 360) % 360;
}

// Local mean sidereal time at east longitude lonDeg, degrees 0..360.
export function lstDeg(ms, lonDeg) {
  return (((gmstDeg(ms) + lonDeg) % 360) + 360) % 360;
}

// A precession from J2000 to the equator and equinox of the moment, as a function of
// (raDeg, decDeg) -> [raDeg, decDeg]; computed once per moment, applied to every star.
export function precessor(ms) {
  const t = (julianDay(ms) - J2000) / 36525;
  const arcsec = DEG / 3600;
  const zeta = (2306.2181 * t + 0.30188 * t * t + 0.017998 * t ** 3) * arcsec;
  const z = (2306.2181 * t + 1.09468 * t * t + 0.018203 * t ** 3) * arcsec;
  const theta = (2004.3109 * t - 0.42665 * t * t - 0.041833 * t ** 3) * arcsec;
  const [cosT, sinT] = [Math.cos(theta), Math.sin(theta)];
  return (raDeg, decDeg) => {
    const a = raDeg * DEG + zeta;
    const d = decDeg * DEG;
    const A = Math.cos(d) * Math.sin(a);
    const B = cosT * Math.cos(d) * Math.cos(a) - sinT * Math.sin(d);
    const C = sinT * Math.cos(d) * Math.cos(a) + cosT * Math.sin(d);
    return [(Math.atan2(A, B) + z) / DEG, Math.asin(Math.max(-1, Math.min(1, C))) / DEG];
  };
}

// Refraction, degrees, to add to a true (airless) altitude: Saemundsson's formula
// (Meeus 16.4), scaled for pressure and temperature as the almanacs do.
export function refractionDeg(altDeg, pressureMbar = 1010, temperatureC = 15) {
  if (altDeg < -1.9 || pressureMbar <= 0) return 0;
  const arcmin = 1.02 / Math.tan((altDeg + 10.3 / (altDeg + 5.11)) * DEG);
  return (arcmin / 60) * (pressureMbar / 1010) * (283 / (273 + temperatureC));
}

// Equator-of-date coordinates to apparent {az, alt} (az from north through east).
// observer: {lat, lon, pressure_mbar, temperature_C, refraction}.
export function horizontal(raDeg, decDeg, lst, observer) {
  const h = (lst - raDeg) * DEG;
  const d = decDeg * DEG;
  const phi = observer.lat * DEG;
  const sinAlt = Math.sin(phi) * Math.sin(d) + Math.cos(phi) * Math.cos(d) * Math.cos(h);
  const alt = Math.asin(Math.max(-1, Math.min(1, sinAlt))) / DEG;
  const y = -Math.cos(d) * Math.sin(h);
  const x = Math.sin(d) * Math.cos(phi) - Math.cos(d) * Math.cos(h) * Math.sin(phi);
  const az = (((Math.atan2(y, x) / DEG) % 360) + 360) % 360;
  const bend =
    observer.refraction === false
      ? 0
      : refractionDeg(alt, observer.pressure_mbar, observer.temperature_C);
  return { az, alt: alt + bend };
}

// Every catalogue star for the moment and place: [{hip, az, alt, mag, bv}].
export function starPositions(catalogue, ms, observer) {
  const precess = precessor(ms);
  const lst = lstDeg(ms, observer.lon);
  return catalogue.stars.map(([hip, ra, dec, mag, bv]) => {
    const [raNow, decNow] = precess(ra, dec);
    return { hip, mag, bv, ...horizontal(raNow, decNow, lst, observer) };
  });
}

// A J2000 point (a constellation's label) for the moment and place.
export function pointPosition(raDeg, decDeg, ms, observer) {
  const [ra, dec] = precessor(ms)(raDeg, decDeg);
  return horizontal(ra, dec, lstDeg(ms, observer.lon), observer);
}

// The ecliptic of date, one point every stepDeg of longitude, as {az, alt}.
export function eclipticPoints(ms, observer, stepDeg = 4) {
  const t = (julianDay(ms) - J2000) / 36525;
  const eps = (23.439291 - 0.0130042 * t) * DEG;
  const lst = lstDeg(ms, observer.lon);
  const points = [];
  for (let lambda = 0; lambda <= 360; lambda += stepDeg) {
    const l = lambda * DEG;
    const ra = Math.atan2(Math.sin(l) * Math.cos(eps), Math.cos(l)) / DEG;
    const dec = Math.asin(Math.sin(eps) * Math.sin(l)) / DEG;
    points.push(horizontal(ra, dec, lst, observer));
  }
  return points;
}

// The chart's projection: stereographic from the nadir, zenith at the centre, the
// horizon at radius `radius`, north up and east on the left, as the sky looks from
// below. Conformal, so constellations keep their shapes out to the horizon.
export function project(az, alt, radius) {
  const r = radius * Math.tan(((90 - alt) / 2) * DEG);
  const a = az * DEG;
  return { x: -r * Math.sin(a), y: -r * Math.cos(a) };
}

// The inverse: a point on the chart back to {az, alt}.
export function unproject(x, y, radius) {
  const r = Math.hypot(x, y);
  const alt = 90 - (2 * Math.atan(r / radius)) / DEG;
  const az = (((Math.atan2(-x, -y) / DEG) % 360) + 360) % 360;
  return { az, alt };
}

function unit(az, alt) {
  const [a, h] = [az * DEG, alt * DEG];
  return [Math.cos(h) * Math.cos(a), Math.cos(h) * Math.sin(a), Math.sin(h)];
}

// The direction on the chart (radians, atan2 of chart y and x) in which a body at
// `from` sees `to` along the great circle between them: where the Moon's bright limb
// faces when `to` is the Sun.
export function chartBearing(from, to, radius) {
  const m = unit(from.az, from.alt);
  const s = unit(to.az, to.alt);
  const dot = m[0] * s[0] + m[1] * s[1] + m[2] * s[2];
  const t = s.map((v, i) => v - dot * m[i]);
  const norm = Math.hypot(...t) || 1;
  const step = 0.5 * DEG;
  const p = m.map((v, i) => v * Math.cos(step) + (t[i] / norm) * Math.sin(step));
  const alt = Math.asin(Math.max(-1, Math.min(1, p[2]))) / DEG;
  const az = Math.atan2(p[1], p[0]) / DEG;
  const a = project(from.az, from.alt, radius);
  const b = project(az, alt, radius);
  return Math.atan2(b.y - a.y, b.x - a.x);
}

// The sky's state by the Sun's apparent altitude, with the almanacs' limits.
export function skyPhase(sunAltDeg) {
  if (sunAltDeg > -0.833) return "day";
  if (sunAltDeg > -6) return "civil";
  if (sunAltDeg > -12) return "nautical";
  if (sunAltDeg > -18) return "astronomical";
  return "night";
}
