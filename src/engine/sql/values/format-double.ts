/**
 * A double as Presto (and so Timestream) prints it in a cast to varchar, which follows Java's
 * Double.toString: plain notation with at least one fractional digit for 1e-3 <= |x| < 1e7
 * (`100.0`, `0.25`), scientific otherwise (`1.0E10`, `1.5E-5`), and `NaN`, `Infinity`, `-Infinity`.
 */
export function formatDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(value);
  if (abs >= 1e-3 && abs < 1e7) {
    const text = String(value);
    return text.includes('.') ? text : `${text}.0`;
  }
  // Shortest round-trip digits from JavaScript, re-shaped into Java's d.dddE±n form.
  const [mantissa = '', exponent = '0'] = value.toExponential().split('e');
  const withFraction = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${withFraction}E${Number(exponent)}`;
}
