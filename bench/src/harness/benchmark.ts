/** A benchmark `npm run bench -- <name>` can run. */
export interface Benchmark {
  name: string;
  /** One line for the usage text. */
  summary: string;
  run(): Promise<void>;
}
