// Build-time settings the worker entry reads (Vite replaces them when it builds).
interface ImportMetaEnv {
  /** "1" in the build the browser tests run against: the clock can be moved forward. */
  readonly VITE_TEST_CLOCK?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
