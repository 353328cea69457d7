// How a served hub logs: JSON lines (pino's) for a log collector, or readable lines when its output
// is a terminal, at the level DECONFLICT_LOG_LEVEL names (info by default). Requests are logged
// one line each only at debug: at info an officer's terminal shows what the hub did, not every read.
import type { LoggerOptions } from 'pino';

export const LOG_LEVEL_VARIABLE = 'DECONFLICT_LOG_LEVEL';
const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

export function hubLogOptions(
  env: NodeJS.ProcessEnv,
  output: { isTTY?: boolean },
): LoggerOptions & { level: string } {
  const level = env[LOG_LEVEL_VARIABLE] ?? 'info';
  if (!(LEVELS as readonly string[]).includes(level))
    throw new Error(
      `${LOG_LEVEL_VARIABLE} must be one of ${LEVELS.join(', ')}, not ${JSON.stringify(level)}`,
    );
  if (!output.isTTY) return { level };
  return {
    level,
    transport: {
      target: 'pino-pretty',
      options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true },
    },
  };
}
