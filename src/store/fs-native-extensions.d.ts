/** The part of fs-native-extensions the CLI's write lock uses (the package ships no types). */
declare module "fs-native-extensions" {
  /** Takes an exclusive lock on the whole file if it is free; false when another holds it. */
  export function tryLock(fd: number): boolean;
  export function unlock(fd: number): void;
}
