/**
 * Closes HTTP/2 connections that hold no stream: after `idleMs` without an open stream the session
 * sends GOAWAY and closes (clients reconnect on their next call). Idle means no stream at all, not
 * no bytes: a long export or a health watch that sends nothing for minutes keeps its connection,
 * and PINGs alone do not. A client that does not let the connection close — e.g. one whose request
 * headers never end, which keeps a half-made stream open below Node — is destroyed `closeGraceMs`
 * after the GOAWAY unless a real stream opened meanwhile.
 */
import type { ServerHttp2Session } from "node:http2";

/** Settings of closeWhenIdle. */
export interface IdleTimeoutOptions {
  /** Time without an open stream before GOAWAY; 0 = never. */
  readonly idleMs: number;
  /** Time the client gets after GOAWAY to let the connection close. */
  readonly closeGraceMs: number;
  /** Called when an idle connection is closed. */
  readonly onIdle?: () => void;
}

/** Starts the idle clock of `session`. */
export function closeWhenIdle(session: ServerHttp2Session, options: IdleTimeoutOptions): void {
  if (options.idleMs <= 0) return;
  let open = 0;
  let timer: NodeJS.Timeout | undefined;
  const later = (ms: number, run: () => void): void => {
    timer = setTimeout(run, ms);
    timer.unref();
  };
  const arm = (): void =>
    later(options.idleMs, () => {
      options.onIdle?.();
      session.close();
      later(options.closeGraceMs, () => {
        if (open === 0 && !session.destroyed) session.destroy();
      });
    });
  session.on("stream", (stream) => {
    open += 1;
    clearTimeout(timer);
    stream.once("close", () => {
      open -= 1;
      if (open === 0 && !session.closed && !session.destroyed) arm();
    });
  });
  session.once("close", () => clearTimeout(timer));
  arm();
}
