/**
 * Sends `KILL QUERY` / `KILL CONNECTION` for statements that must stop, over a control connection
 * of its own rather than the pool: a kill must get through when every pool connection is busy,
 * and a kill to a frozen or unreachable server must not take a pool connection hostage. Every
 * kill is bounded: a control connection that does not answer within the bound is dropped (the
 * next kill opens a fresh one) and the kill reports that it was not acknowledged.
 */
import { killStatement } from "./dialect.js";

/** The part of a callback-style mysql2 connection the killer uses. */
export interface ControlConnection {
  query(sql: string, cb: (err: Error | null) => void): unknown;
  on(event: "error", listener: (err: Error) => void): unknown;
  destroy(): void;
}

/** Settings of a StatementKiller. */
export interface StatementKillerOptions {
  /**
   * Opens a control connection; it may call back before the handshake finished (queries wait
   * for it). Its errors after a kill are ignored.
   */
  readonly open: () => ControlConnection;
  /** Longest wait for a kill to be acknowledged; default 1000 ms. */
  readonly timeoutMs?: number;
}

/** Kills statements of other connections, each kill bounded in time. */
export class StatementKiller {
  private control: ControlConnection | undefined;
  private readonly timeoutMs: number;
  private closed = false;

  constructor(private readonly options: StatementKillerOptions) {
    this.timeoutMs = options.timeoutMs ?? 1000;
  }

  /**
   * Sends the kill; resolves true once the server acknowledged it (also when the statement had
   * already ended), false when it failed or was not acknowledged within the bound. Never rejects.
   */
  kill(threadId: number, what: "query" | "connection"): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    const conn = this.connection();
    return new Promise<boolean>((resolve) => {
      let settled = false;
      const settle = (ok: boolean): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(ok);
      };
      const timer = setTimeout(() => {
        this.drop(conn);
        settle(false);
      }, this.timeoutMs);
      conn.query(killStatement(threadId, what), (err) => {
        // 1094 "unknown thread id": the connection is gone already, which is what a kill wants.
        if (err && (err as { errno?: number }).errno !== 1094) {
          this.drop(conn);
          settle(false);
        } else settle(true);
      });
    });
  }

  /** Drops the control connection; later kills resolve false at once. */
  close(): void {
    this.closed = true;
    if (this.control) this.drop(this.control);
  }

  private connection(): ControlConnection {
    if (!this.control) {
      const conn = this.options.open();
      conn.on("error", () => {
        if (this.control === conn) this.control = undefined;
      });
      this.control = conn;
    }
    return this.control;
  }

  private drop(conn: ControlConnection): void {
    if (this.control === conn) this.control = undefined;
    conn.destroy();
  }
}
