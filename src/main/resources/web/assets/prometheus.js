// Reads the Prometheus text exposition format (version 0.0.4) of /metrics into samples.

/** Map of metric name -> [{labels, value}], plus the TYPE of each family under types. */
export function parsePrometheus(text) {
  const samples = new Map();
  const types = new Map();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('#')) {
      const type = /^#\s*TYPE\s+(\S+)\s+(\S+)/.exec(line);
      if (type) types.set(type[1], type[2]);
      continue;
    }
    const sample = parseSample(line);
    if (!sample) continue;
    if (!samples.has(sample.name)) samples.set(sample.name, []);
    samples.get(sample.name).push({ labels: sample.labels, value: sample.value });
  }
  return { samples, types };
}

function parseSample(line) {
  const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
  if (!name) return null;
  let at = name[0].length;
  const labels = {};
  if (line[at] === '{') {
    at++;
    while (line[at] !== '}') {
      const label = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"/.exec(line.slice(at));
      if (!label) return null;
      at += label[0].length;
      let value = '';
      while (at < line.length && line[at] !== '"') {
        if (line[at] === '\\') {
          at++;
          value += line[at] === 'n' ? '\n' : line[at];
        } else {
          value += line[at];
        }
        at++;
      }
      labels[label[1]] = value;
      at++;
      const comma = /^\s*,?\s*/.exec(line.slice(at));
      at += comma[0].length;
      if (at >= line.length) return null;
    }
    at++;
  }
  const value = parseValue(line.slice(at).trim().split(/\s+/)[0]);
  return Number.isNaN(value) ? null : { name: name[0], labels, value };
}

function parseValue(text) {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/** Sum of a metric's samples whose labels match every given label. */
export function sum(metrics, name, where = {}) {
  return (metrics.samples.get(name) || [])
    .filter((s) => Object.entries(where).every(([k, v]) => s.labels[k] === v))
    .reduce((total, s) => total + s.value, 0);
}

export function has(metrics, name) {
  return metrics.samples.has(name);
}

/** The q-quantile of a classic histogram (cumulative buckets by le), interpolated within a bucket. */
export function quantile(metrics, name, q, where = {}) {
  const buckets = (metrics.samples.get(`${name}_bucket`) || [])
    .filter((s) => Object.entries(where).every(([k, v]) => s.labels[k] === v))
    .map((s) => ({ le: s.labels.le === '+Inf' ? Infinity : Number(s.labels.le), count: s.value }))
    .sort((a, b) => a.le - b.le);
  const total = buckets.length ? buckets[buckets.length - 1].count : 0;
  if (!total) return null;
  const rank = q * total;
  let previous = { le: 0, count: 0 };
  for (const bucket of buckets) {
    if (bucket.count >= rank) {
      if (bucket.le === Infinity) return previous.le;
      const within = bucket.count - previous.count;
      return previous.le + (bucket.le - previous.le) * (within ? (rank - previous.count) / within : 0);
    }
    previous = bucket;
  }
  return previous.le;
}

/** Distinct values of one label across a metric's samples. */
export function labelValues(metrics, name, label) {
  return [...new Set((metrics.samples.get(name) || []).map((s) => s.labels[label]).filter((v) => v !== undefined))];
}
