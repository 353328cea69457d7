// Waiting in tests for what the hub does in its own time: an alert raised, a socket closed, a
// picture sent. Polls until the probe answers (anything but undefined or false) and fails naming
// what never came.
import assert from 'node:assert/strict';

export async function until<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined && found !== false) return found;
    assert.ok(Date.now() < deadline, `never: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
