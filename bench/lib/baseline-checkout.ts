import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../../test/support/cli.js';

export interface BaselineCheckout {
  tree: string;
  /** Its short commit id. */
  commit: string;
  remove(): void;
}

/** A checkout of `commit` beside this one (sharing node_modules), to run the earlier code in the same turns. */
export function baselineCheckout(commit: string): BaselineCheckout {
  const tree = mkdtempSync(join(tmpdir(), 'deconflict-baseline-'));
  const full = execFileSync('git', ['-C', REPO, 'rev-parse', '--short', commit], { encoding: 'utf8' }).trim();
  const archive = execFileSync('git', ['-C', REPO, 'archive', full], { maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', tree], { input: archive });
  symlinkSync(join(REPO, 'node_modules'), join(tree, 'node_modules'));
  return { tree, commit: full, remove: () => rmSync(tree, { recursive: true, force: true }) };
}
