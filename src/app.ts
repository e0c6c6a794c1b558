/**
 * Composition root: opens the database, applies migrations, wires the pipeline behind the RPC
 * handlers and starts the server. Everything is created here and passed down explicitly.
 */
import type { ConnectRouter } from "@connectrpc/connect";
import type { Knex } from "knex";
import type { Logger } from "pino";
import { Health } from "../gen/grpc/health/v1/health_pb.js";
import { SegmentService } from "../gen/kontorion/segments/v1/segment_service_pb.js";
import type { CatalogAccess } from "./catalog/catalog-access.js";
import { CustomFieldCatalogSource } from "./catalog/custom-field-definitions.js";
import type { Config } from "./config.js";
import { ensureDatabase, openKnex, parseDatabaseUrl } from "./db/connect.js";
import { detectDialect, type DialectName } from "./db/dialect.js";
import { migrateLatest } from "./db/migration-source.js";
import { loadDemoData } from "./demo/load-demo-data.js";
import { estimateCost } from "./explain/estimate-cost.js";
import { knexExplainRunner } from "./explain/run-explain.js";
import { QueryRunner } from "./evaluation/query-runner.js";
import { TargetResolver } from "./evaluation/resolve-target.js";
import { SegmentEvaluator } from "./evaluation/segment-evaluator.js";
import { segmentServiceHandlers } from "./rpc/segment-service-handlers.js";
import { SegmentCommands } from "./segments/segment-commands.js";
import { SegmentRepository } from "./segments/segment-repository.js";
import { startServer, type RunningServer } from "./server/create-server.js";
import { DatabaseHealthMonitor } from "./server/database-health-monitor.js";
import { createHealthService } from "./server/health-service.js";
import { HealthStatus } from "./server/health-status.js";
import { registerReflection } from "./server/reflection-service.js";
import { TokenSigner } from "./tokens/signed-token.js";

/** A running service. */
export interface App {
  readonly port: number;
  readonly knex: Knex;
  readonly dialect: DialectName;
  /** Graceful shutdown: drains calls, stops the health monitor, closes the pool. */
  close(): Promise<void>;
}

/** Starts the whole service from a configuration. */
export async function startApp(config: Config, logger: Logger): Promise<App> {
  const location = parseDatabaseUrl(config.databaseUrl);
  if (config.migrateOnStart) await ensureDatabase(location);
  const knex = openKnex(location, config.dbPoolMax);
  try {
    if (config.migrateOnStart) await migrateLatest(knex);
    const [[versionRow]] = (await knex.raw("SELECT VERSION() AS v")) as [[{ v: string }]];
    const dialect = detectDialect(versionRow.v);
    logger.info({ database: location.database, host: location.host, server_version: versionRow.v, dialect }, "database ready");

    const health = new HealthStatus();
    const monitor = new DatabaseHealthMonitor({ ping: () => knex.raw("SELECT 1"), health, logger });
    const catalogSource = new CustomFieldCatalogSource(knex, { logger, ttlMs: config.customFieldCacheMs });
    const catalog: CatalogAccess = {
      current: () => catalogSource.current(),
      fresh: () => {
        catalogSource.invalidate();
        return catalogSource.current();
      },
    };
    const repository = new SegmentRepository(knex);
    const tokens = new TokenSigner(config.cursorSecret);
    const runner = new QueryRunner(knex, dialect);
    const resolver = new TargetResolver(repository, catalog);
    const runExplain = knexExplainRunner(knex, { dialect, timeoutMs: config.defaultQueryTimeoutMs });
    const commands = new SegmentCommands({
      repository,
      catalog,
      tokens,
      estimateCost: async (expr) => {
        try {
          return await estimateCost(await resolver.expandLowered(expr), { runExplain, dialect, instantMs: Date.now() });
        } catch (err) {
          logger.warn({ err }, "could not estimate the cost of a segment version; saving it without");
          return undefined;
        }
      },
      now: Date.now,
    });
    const evaluator = new SegmentEvaluator(runner, dialect, resolver, repository);

    if (config.demoData) await loadDemoData(knex, commands, logger);

    const routes = (router: ConnectRouter): void => {
      router.service(
        SegmentService,
        segmentServiceHandlers({
          commands,
          catalog,
          evaluator,
          resolver,
          tokens,
          defaultTimeoutMs: config.defaultQueryTimeoutMs,
          exportTimeoutMs: config.exportTimeoutMs,
          runExplain,
          dialect,
          now: Date.now,
        }),
      );
      router.service(Health, createHealthService(health));
      registerReflection(router, [SegmentService, Health]);
    };
    const server: RunningServer = await startServer({
      port: config.port,
      host: config.host,
      routes,
      logger,
      maxRequestBytes: config.maxRequestBytes,
      unaryFastPath: config.unaryFastPath,
      health,
    });
    monitor.start();
    logger.info({ port: server.port }, "listening");

    let closing: Promise<void> | undefined;
    return {
      port: server.port,
      knex,
      dialect,
      close: () =>
        (closing ??= (async () => {
          health.shutdown();
          await server.close(config.shutdownGraceMs);
          await monitor.stop();
          await knex.destroy();
        })()),
    };
  } catch (err) {
    await knex.destroy();
    throw err;
  }
}
