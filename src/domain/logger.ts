// Where a long-running part reports what it does; the process decides where the lines go.

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}
