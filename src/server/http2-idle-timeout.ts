/**
 * Closes HTTP/2 connections that hold no stream: after `idleMs` without an open stream the session
 * sends GOAWAY and closes (clients reconnect on their next call). Idle means no stream at all, not
 * no bytes: a long export or a health watch that sends nothing for minutes keeps its connection,
 * and PINGs alone do not.
 */
import type { ServerHttp2Session } from "node:http2";

/** Starts the idle clock of `session` (0 = never close for idleness). */
export function closeWhenIdle(session: ServerHttp2Session, idleMs: number, onIdle?: () => void): void {
  if (idleMs <= 0) return;
  let open = 0;
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    timer = setTimeout(() => {
      onIdle?.();
      session.close();
    }, idleMs);
    timer.unref();
  };
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
