import { readFileSync } from 'node:fs';

/** A file that could not be used at all; the message says which and why. */
export class UnreadableInput extends Error {}

/** The JSON document in a file, or an UnreadableInput that names the file and what is wrong with it. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UnreadableInput(`cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UnreadableInput(`${path} is not JSON: ${(error as Error).message}`);
  }
}
