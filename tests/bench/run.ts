/**
 * `npm run bench [prefix]`: runs every benchmark in tests/bench/*.bench.ts whose name starts with
 * the prefix, prints a table and writes bench/results/latest.json (SPEC §12). Exits 1 when a
 * budget is missed (diagnostics aside). Benchmarks are never part of `npm test`: this machine is
 * shared and noisy.
 */
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { type Benchmark, type BenchResult, evaluate } from "./harness.ts";

const prefix = process.argv[2] ?? "";
const dir = new URL(".", import.meta.url);
const files = (await readdir(dir)).filter((f) => f.endsWith(".bench.ts")).sort();

const results: BenchResult[] = [];
for (const file of files) {
  const { default: benches } = (await import(new URL(file, dir).href)) as { default: Benchmark[] };
  for (const bench of benches.filter((b) => b.name.startsWith(prefix))) {
    process.stderr.write(`running ${bench.name}…\n`);
    results.push(evaluate(bench, await bench.run()));
  }
}

const fmt = (n: number | null) => (n === null ? "" : Math.abs(n) >= 1000 ? n.toExponential(3) : n.toPrecision(4));
const rows = results.map((r) => [
  r.name,
  `${fmt(r.value)} ${r.unit}`,
  r.baseline ? `${r.baseline} ${fmt(r.baseline_value)}` : "",
  fmt(r.ratio),
  r.budget ?? "",
  `${r.pass === null ? "" : r.pass ? "pass" : "FAIL"}${r.diagnostic ? " (diagnostic)" : ""}`,
]);
const header = ["name", "value", "baseline", "ratio", "budget", "pass"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join("  "));
if (results.length === 0) console.log(`(no benchmarks${prefix ? ` start with '${prefix}'` : ""})`);

const out = new URL("../../bench/results/", import.meta.url);
await mkdir(out, { recursive: true });
await writeFile(new URL("latest.json", out), `${JSON.stringify({ results }, null, 2)}\n`);
console.log(`wrote bench/results/latest.json (${results.length} results)`);
process.exitCode = results.some((r) => r.pass === false && !r.diagnostic) ? 1 : 0;
