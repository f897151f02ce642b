/** `1.5 MB` from bytes. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit ? 1 : 0)} ${units[unit]}`;
}

/** `2024-03-11 21:00` (UTC) from UTC ms. */
export function formatUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace("T", " ");
}

/** `372,266` */
export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** `3 h 20 min` from ms. */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  return hours ? `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ""}` : `${minutes} min`;
}

/** The class of a quality score: good (≥ 90), fair (≥ 70) or poor. */
export function scoreClass(score: number): string {
  return score >= 90 ? "score good" : score >= 70 ? "score fair" : "score poor";
}
