/**
 * Composition root: starts the server, reaches the database (with backoff), applies migrations,
 * and wires the pipeline behind the RPC handlers. Everything is created here and passed down explicitly.
 */
import type { ConnectRouter, ServiceImpl } from "@connectrpc/connect";
import type { Knex } from "knex";
import type { Logger } from "pino";
import { Health } from "../gen/grpc/health/v1/health_pb.js";
import { SegmentService } from "../gen/kontorion/segments/v1/segment_service_pb.js";
import { AuditLog } from "./auth/audit-log.js";
import { createAuthLayer } from "./auth/auth-layer.js";
import type { CatalogAccess } from "./catalog/catalog-access.js";
import { CustomFieldCatalogSource } from "./catalog/custom-field-definitions.js";
import type { Config } from "./config.js";
import { readTlsMaterial } from "./config/tls-settings.js";
import { ensureDatabase, openControlConnection, openKnex, parseDatabaseUrl, type DatabaseLocation } from "./db/connect.js";
import { detectDialect, type DialectName } from "./db/dialect.js";
import { migrateLatest } from "./db/migration-source.js";
import { StatementKiller } from "./db/statement-killer.js";
import { loadDemoData } from "./demo/load-demo-data.js";
import { estimateCost } from "./explain/estimate-cost.js";
import { knexExplainRunner } from "./explain/run-explain.js";
import { QueryRunner } from "./evaluation/query-runner.js";
import { TargetResolver } from "./evaluation/resolve-target.js";
import { SegmentEvaluator } from "./evaluation/segment-evaluator.js";
import { lateBoundService } from "./rpc/late-bound-service.js";
import { segmentServiceHandlers } from "./rpc/segment-service-handlers.js";
import { SegmentCommands } from "./segments/segment-commands.js";
import { SegmentRepository } from "./segments/segment-repository.js";
import { startServer, type RunningServer } from "./server/create-server.js";
import { DatabaseHealthMonitor } from "./server/database-health-monitor.js";
import { createHealthService } from "./server/health-service.js";
import { HealthStatus, OVERALL_HEALTH, SEGMENT_SERVICE_HEALTH, ServingStatus } from "./server/health-status.js";
import { registerReflection } from "./server/reflection-service.js";
import { TokenSigner } from "./tokens/signed-token.js";
import { loadOrCreateTokenSecret } from "./tokens/stored-token-secret.js";

/** A running service. */
export interface App {
  readonly port: number;
  readonly knex: Knex;
  readonly dialect: DialectName;
  /** Graceful shutdown: drains calls, stops the health monitor, closes the pool. */
  close(): Promise<void>;
}

/** How long shutdown waits for killed statements to end before it kills their connections. */
const SETTLE_STATEMENTS_MS = 400;
/** How long shutdown waits for the health monitor's last ping and for the pool to close. */
const RELEASE_DATABASE_MS = 400;

/** Waits for `promise` at most `ms` (its rejection is ignored). */
async function within(promise: Promise<unknown> | undefined, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise?.catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** Settings of startApp beyond the configuration. */
export interface StartAppOptions {
  /** First pause between attempts to reach the database; doubles up to maxRetryDelayMs. Default 250 ms. */
  readonly retryDelayMs?: number;
  /** Longest pause between attempts. Default 5000 ms. */
  readonly maxRetryDelayMs?: number;
  /** Aborting it while the database is still being reached shuts the server down and rejects. */
  readonly stopSignal?: AbortSignal;
}

/**
 * Starts the whole service from a configuration. The server listens at once, answering health
 * (NOT_SERVING), reflection, and UNAVAILABLE on SegmentService, while the database is reached with
 * backoff (created and migrated when it appears); then the pipeline is wired and health turns
 * SERVING. Resolves once serving.
 */
export async function startApp(config: Config, logger: Logger, options: StartAppOptions = {}): Promise<App> {
  const location = parseDatabaseUrl(config.databaseUrl);
  const knex = openKnex(location, config.dbPoolMax, (err) => logger.warn({ err }, "database error on a connection that left the pool"));
  const health = new HealthStatus(undefined, ServingStatus.NOT_SERVING);
  let segmentService: ServiceImpl<typeof SegmentService> | undefined;
  const auth = createAuthLayer(config.auth, logger);
  const routes = (router: ConnectRouter): void => {
    router.service(SegmentService, lateBoundService(SegmentService, () => segmentService));
    router.service(Health, createHealthService(health));
    registerReflection(router, [SegmentService, Health]);
  };
  let server: RunningServer;
  try {
    server = await startServer({
      port: config.port,
      host: config.host,
      ...(config.tls ? { tls: readTlsMaterial(config.tls) } : {}),
      connections: config.connections,
      routes,
      logger,
      maxRequestBytes: config.maxRequestBytes,
      unaryFastPath: config.unaryFastPath,
      health,
      auth: auth.interceptor,
    });
  } catch (err) {
    await knex.destroy();
    throw err;
  }
  logger.info({ port: server.port }, "listening");
  const stopping = new AbortController();
  options.stopSignal?.addEventListener("abort", () => stopping.abort(), { once: true });
  let monitor: DatabaseHealthMonitor | undefined;
  let runner: QueryRunner | undefined;
  const killer = new StatementKiller({ open: () => openControlConnection(location) });
  let closing: Promise<void> | undefined;
  // Shutdown: NOT_SERVING, drain within the grace, then calls still running end with UNAVAILABLE
  // (server.close) and their statements are killed (runner.settle); every later step is bounded,
  // so a frozen or unreachable database cannot hold the exit back.
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      stopping.abort();
      health.shutdown();
      await server.close(config.shutdownGraceMs);
      await runner?.settle(SETTLE_STATEMENTS_MS);
      killer.close();
      await within(Promise.all([monitor?.stop(), knex.destroy()]), RELEASE_DATABASE_MS);
    })());

  try {
    const { dialect, tokenSecret } = await untilReachable(() => prepareDatabase(config, location, knex, logger), stopping.signal, logger, options);
    await untilReachable(() => auth.ready(knex), stopping.signal, logger, options);
    const wired = await wirePipeline(config, knex, dialect, tokenSecret, health, logger, killer);
    monitor = wired.monitor;
    runner = wired.runner;
    segmentService = wired.segmentService;
    for (const service of [OVERALL_HEALTH, SEGMENT_SERVICE_HEALTH]) health.set(service, ServingStatus.SERVING);
    monitor.start();
    logger.info({ port: server.port }, "serving");
    return { port: server.port, knex, dialect, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * Creates and migrates the database if configured; returns the dialect of its server and the
 * token signing secret (configured, or the one kept in the database for every replica).
 */
async function prepareDatabase(config: Config, location: DatabaseLocation, knex: Knex, logger: Logger): Promise<{ dialect: DialectName; tokenSecret: string }> {
  if (config.migrateOnStart) await ensureDatabase(location);
  if (config.migrateOnStart) await migrateLatest(knex);
  const [[versionRow]] = (await knex.raw("SELECT VERSION() AS v")) as [[{ v: string }]];
  const dialect = detectDialect(versionRow.v);
  const tokenSecret = config.cursorSecret ?? (await loadOrCreateTokenSecret(knex));
  logger.info({ database: location.database, host: location.host, server_version: versionRow.v, dialect }, "database ready");
  return { dialect, tokenSecret };
}

/** Runs `attempt` until it succeeds, pausing with exponential backoff; stops when `signal` aborts. */
async function untilReachable<T>(attempt: () => Promise<T>, signal: AbortSignal, logger: Logger, options: StartAppOptions): Promise<T> {
  const maxDelay = options.maxRetryDelayMs ?? 5000;
  let delay = options.retryDelayMs ?? 250;
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (err) {
      if (signal.aborted) throw err;
      logger.warn({ err, tries, retry_in_ms: delay }, "database not ready, retrying");
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
      });
      if (signal.aborted) throw new Error("stopped before the database was reachable");
      delay = Math.min(maxDelay, delay * 2);
    }
  }
}

/** Builds the pipeline behind the SegmentService handlers once the database is ready. */
async function wirePipeline(
  config: Config,
  knex: Knex,
  dialect: DialectName,
  tokenSecret: string,
  health: HealthStatus,
  logger: Logger,
  killer: StatementKiller,
): Promise<{ segmentService: ServiceImpl<typeof SegmentService>; monitor: DatabaseHealthMonitor; runner: QueryRunner }> {
  const monitor = new DatabaseHealthMonitor({ ping: () => knex.raw("SELECT 1"), health, logger });
  const catalogSource = new CustomFieldCatalogSource(knex, { logger, ttlMs: config.customFieldCacheMs });
  const catalog: CatalogAccess = {
    current: () => catalogSource.current(),
    fresh: () => catalogSource.fresh(),
  };
  const repository = new SegmentRepository(knex);
  const tokens = new TokenSigner(tokenSecret);
  const runner = new QueryRunner(knex, dialect, { killer });
  const resolver = new TargetResolver(repository, catalog);
  const runExplain = knexExplainRunner(knex, { dialect, timeoutMs: config.defaultQueryTimeoutMs });
  const commands = new SegmentCommands({
    repository,
    catalog,
    tokens,
    estimateCost: async (expr) => {
      try {
        return await estimateCost(await resolver.expandLowered(expr), { runExplain, dialect, regexMatchLimit: config.regexMatchLimit, instantMs: Date.now() });
      } catch (err) {
        logger.warn({ err }, "could not estimate the cost of a segment version; saving it without");
        return undefined;
      }
    },
    now: Date.now,
  });
  const evaluator = new SegmentEvaluator(runner, dialect, resolver, repository, config.regexMatchLimit);

  if (config.demoData) await loadDemoData(knex, commands, logger);

  const segmentService = segmentServiceHandlers({
    commands,
    catalog,
    evaluator,
    resolver,
    tokens,
    defaultTimeoutMs: config.defaultQueryTimeoutMs,
    exportTimeoutMs: config.exportTimeoutMs,
    runExplain,
    dialect,
    regexMatchLimit: config.regexMatchLimit,
    now: Date.now,
    audit: new AuditLog(logger),
  });
  return { segmentService, monitor, runner };
}
