import type { UtcMs } from "../units.ts";

/** Where loaded rows come from: the cached dataset, what fed it, whether it is synthetic. */
export interface DataOrigin {
  /** The dataset's id, e.g. `EURUSD/bars/M1/sample`. */
  dataset: string;
  /** Which of the symbol's datasets: `sample`, `recording`, or the name of the file that began it. */
  name: string;
  /** What fed it: file names, "synthetic (seed 1)", a relay recording. */
  sources: string[];
  synthetic: boolean;
  /** Its quality score, 0–100. */
  quality: number;
  /** The timeframe the rows were resampled from (`M1`, `tick`), when they were. */
  resampledFrom?: string;
  /** The range the dataset holds (UTC ms). */
  first: UtcMs;
  last: UtcMs;
  /** The names of the symbol's other datasets that could have served the same rows. */
  alternatives: string[];
}
