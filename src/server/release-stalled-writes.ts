/**
 * connect-node waits for 'drain' or 'error' after a write the transport could not take at once.
 * When the peer resets an HTTP/2 stream while such a write is pending (a cancelled export to a
 * stalled reader), neither event comes, so the handler and everything it holds would stay parked
 * forever. On close of an unfinished response, this wakes pending waiters with 'drain'; their
 * next write then fails on the closed stream and the handler ends normally (its iterator is
 * returned, its log line written).
 */
import type { Http2ServerResponse } from "node:http2";

/** Installs the wake-up on one response. */
export function releaseStalledWritesOnClose(res: Http2ServerResponse): void {
  res.once("close", () => {
    if (!res.writableFinished && res.listenerCount("drain") > 0) res.emit("drain");
  });
}
