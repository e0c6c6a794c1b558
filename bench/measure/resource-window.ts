/**
 * Where a request's cost goes, over a measured window: CPU time of the service process and of
 * this client process (from /proc), and the statements and CPU time the database spent for
 * the measured side's own account (MariaDB userstat), divided by the requests completed.
 */
import type { Pool } from "mysql2/promise";
import { accountUsage, type AccountUsage } from "../service/database-users.js";
import { cpuSeconds, ownCpuSeconds } from "./process-stats.js";

/** Per-request costs over a window. */
export interface RequestCosts {
  /** CPU microseconds per request of the service process (absent for the raw baseline). */
  readonly serverCpuUs?: number;
  /** CPU microseconds per request of the benchmark client process. */
  readonly clientCpuUs: number;
  /** Database CPU microseconds per request spent on the side's statements. */
  readonly databaseCpuUs: number;
  /** Statements the side sent to the database per request. */
  readonly statements: number;
}

interface Snapshot {
  readonly server: number | undefined;
  readonly client: number;
  readonly account: AccountUsage;
}

/**
 * Opens a window on the side that runs as database `account` (its process `serverPid`, when it
 * is not this one); `admin` reads the statistics without counting as that account.
 */
export function resourceWindow(admin: Pool, account: string, serverPid: number | undefined) {
  const snapshot = async (): Promise<Snapshot> => ({
    server: serverPid === undefined ? undefined : cpuSeconds(serverPid),
    client: ownCpuSeconds(),
    account: await accountUsage((sql, values) => admin.query(sql, values), account),
  });
  let start: Snapshot | undefined;
  let end: Snapshot | undefined;
  return {
    open: async (): Promise<void> => {
      start = await snapshot();
    },
    close: async (): Promise<void> => {
      end = await snapshot();
    },
    costs: (requests: number): RequestCosts => {
      if (!start || !end) throw new Error("resource window was not opened and closed");
      const perRequestUs = (seconds: number): number => (seconds * 1e6) / requests;
      const costs: RequestCosts = {
        clientCpuUs: perRequestUs(end.client - start.client),
        databaseCpuUs: perRequestUs(end.account.cpuSeconds - start.account.cpuSeconds),
        statements: (end.account.statements - start.account.statements) / requests,
      };
      return start.server === undefined || end.server === undefined ? costs : { ...costs, serverCpuUs: perRequestUs(end.server - start.server) };
    },
  };
}
