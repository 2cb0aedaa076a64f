// RFC 8785 JSON Canonicalization Scheme. ECMAScript's own number and string serialization is the
// one JCS prescribes; what JCS adds is member order by UTF-16 code units, which sort() gives.

export function canonicalize(value) {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('JCS: numbers must be finite');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return '[' + value.map(canonicalize).join(',') + ']';
  }
  if (typeof value === 'object') {
    return '{' + Object.keys(value).sort()
      .filter((key) => value[key] !== undefined)
      .map((key) => JSON.stringify(key) + ':' + canonicalize(value[key]))
      .join(',') + '}';
  }
  throw new Error(`JCS: cannot encode a ${typeof value}`);
}
