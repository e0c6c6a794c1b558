/**
 * CPU time of the three processes involved (service, this client, the database server) and the
 * statements the database executed, over a measured window: where a request's cost goes.
 */
import type { Pool } from "mysql2/promise";
import { cpuSeconds, findProcess, ownCpuSeconds } from "./process-stats.js";

/** Per-request costs over a window. */
export interface RequestCosts {
  /** CPU microseconds per request of the service process (absent for the raw baseline). */
  readonly serverCpuUs?: number;
  /** CPU microseconds per request of the benchmark client process. */
  readonly clientCpuUs: number;
  /** CPU microseconds per request of the database server (every client's work included). */
  readonly databaseCpuUs: number | undefined;
  /** Statements the database received per request (global `Questions`: other clients count too). */
  readonly statements: number;
}

interface Snapshot {
  readonly server: number | undefined;
  readonly client: number;
  readonly database: number | undefined;
  readonly questions: number;
}

const databasePid = findProcess("mariadbd") ?? findProcess("mysqld");

async function questions(pool: Pool): Promise<number> {
  const [rows] = (await pool.query("SHOW GLOBAL STATUS LIKE 'Questions'")) as unknown as [Array<{ Value: string }>];
  return Number(rows[0]?.Value);
}

async function snapshot(pool: Pool, serverPid: number | undefined): Promise<Snapshot> {
  return {
    server: serverPid === undefined ? undefined : cpuSeconds(serverPid),
    client: ownCpuSeconds(),
    database: databasePid === undefined ? undefined : cpuSeconds(databasePid),
    questions: await questions(pool),
  };
}

/** Opens a window; `close(requests)` gives the per-request costs since `open`. */
export function resourceWindow(pool: Pool, serverPid: number | undefined) {
  let start: Snapshot | undefined;
  let end: Snapshot | undefined;
  return {
    open: async (): Promise<void> => {
      start = await snapshot(pool, serverPid);
    },
    close: async (): Promise<void> => {
      end = await snapshot(pool, serverPid);
    },
    costs: (requests: number): RequestCosts => {
      if (!start || !end) throw new Error("resource window was not opened and closed");
      const per = (a: number | undefined, b: number | undefined): number | undefined =>
        a === undefined || b === undefined ? undefined : ((b - a) * 1e6) / requests;
      const costs: RequestCosts = {
        clientCpuUs: ((end.client - start.client) * 1e6) / requests,
        databaseCpuUs: per(start.database, end.database),
        // The two SHOW STATUS statements of the window are not requests.
        statements: (end.questions - start.questions - 1) / requests,
      };
      const server = per(start.server, end.server);
      return server === undefined ? costs : { ...costs, serverCpuUs: server };
    },
  };
}
