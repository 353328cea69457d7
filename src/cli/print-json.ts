/** Writes a command's answer to stdout as indented JSON, for people and programs alike. */
export function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
