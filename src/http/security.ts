import helmet from 'helmet';
import type { Server } from 'restify';

/**
 * Security headers on every response (helmet): a strict Content-Security-Policy — everything is
 * served from this origin, no third-party call — no framing, no referrer, no MIME sniffing.
 * Web Chat injects its styles at run time, hence 'unsafe-inline' for styles only.
 */
export function registerSecurityHeaders(server: Server): void {
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        mediaSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' }, // as frame-ancestors 'none', for browsers without CSP 3
    strictTransportSecurity: false, // set by the TLS-terminating proxy in production
    crossOriginEmbedderPolicy: false,
  });
  server.pre((req, res, next) => headers(req, res, (err?: unknown) => next(err)));
}
