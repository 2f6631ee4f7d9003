/**
 * Where the credentials engine says what it did: which profile was assumed through which hops, when,
 * and why something failed. Messages are whole sentences and never carry a secret; the UI maps this
 * onto its LogOutputChannel.
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A logger that drops everything (the default where none is given). */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
