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
  on(event: "error" | "end", listener: (err?: Error) => void): unknown;
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
  async kill(threadId: number, what: "query" | "connection"): Promise<boolean> {
    const first = await this.killOnce(threadId, what);
    // A control connection the server closed while idle fails at once: try once on a fresh one.
    return first === "connection_failed" ? (await this.killOnce(threadId, what)) === "acknowledged" : first === "acknowledged";
  }

  private killOnce(threadId: number, what: "query" | "connection"): Promise<"acknowledged" | "failed" | "connection_failed"> {
    if (this.closed) return Promise.resolve("failed");
    const conn = this.connection();
    return new Promise((resolve) => {
      let settled = false;
      const settle = (outcome: "acknowledged" | "failed" | "connection_failed"): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      const started = Date.now();
      const timer = setTimeout(() => {
        this.drop(conn);
        settle("failed");
      }, this.timeoutMs);
      conn.query(killStatement(threadId, what), (err) => {
        // 1094 "unknown thread id": the connection is gone already, which is what a kill wants.
        if (!err || (err as { errno?: number }).errno === 1094) return settle("acknowledged");
        this.drop(conn);
        const fatal = (err as { fatal?: unknown }).fatal === true;
        settle(fatal && Date.now() - started < this.timeoutMs / 2 ? "connection_failed" : "failed");
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
      const forget = (): void => {
        if (this.control === conn) this.control = undefined;
      };
      conn.on("error", forget);
      conn.on("end", forget);
      this.control = conn;
    }
    return this.control;
  }

  private drop(conn: ControlConnection): void {
    if (this.control === conn) this.control = undefined;
    conn.destroy();
  }
}
