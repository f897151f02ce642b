/** Pipscope's version; the build and the CLI report it, share links will carry it. */
export const PIPSCOPE_VERSION = "0.1.0";
