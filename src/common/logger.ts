import { pino, type Logger } from 'pino';

/**
 * Structured logs without personal data: message text, user and conversation ids, tokens and
 * passwords are redacted wherever they appear in a logged object.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { app: 'passerelle' },
      redact: {
        paths: [
          'text',
          '*.text',
          'activity',
          '*.activity',
          'conversation',
          '*.conversation',
          'from',
          '*.from',
          'token',
          '*.token',
          'password',
          '*.password',
          'authorization',
          '*.authorization',
          'headers',
          '*.headers',
          'body',
          '*.body',
        ],
        censor: '[redacted]',
      },
      serializers: { err: pino.stdSerializers.err },
    },
    destination as pino.DestinationStream | undefined,
  );
}

export type { Logger };
