/**
 * `npx tsx src/cli/tokens.ts` (or `make token ARGS="…"`): manages the callers allowed to use the
 * API, in the database of DATABASE_URL (migrated first, like `make migrate`).
 *
 *   create --name NAME --scopes a,b [--certificate-subject S [--certificate-fingerprint F]]
 *   list
 *   revoke ID
 *
 * `create` prints the bearer token once, alone on stdout (details go to stderr), so
 * `TOKEN=$(npx tsx src/cli/tokens.ts create …)` works; only its SHA-256 digest is stored. With
 * --certificate-subject the caller is identified by its mTLS client certificate instead and gets
 * no token. A revoked token stops working within AUTH_CACHE_MS (5 s by default).
 */
import { Command, CommanderError } from "commander";
import type { Knex } from "knex";
import { pathToFileURL } from "node:url";
import { CallerStore, type CallerRecord } from "../auth/caller-store.js";
import { ALL_SCOPES, parseScopeList, SCOPE_MEANINGS } from "../auth/scopes.js";
import { loadConfig } from "../config.js";
import { ensureDatabase, openKnex, parseDatabaseUrl } from "../db/connect.js";
import { migrateLatest } from "../db/migration-source.js";

/** Where the command writes. */
export interface TokensOutput {
  /** The result (a token, the listing). */
  out(text: string): void;
  /** Details and errors. */
  err(text: string): void;
}

/**
 * Runs the command line `args` (without node and script) against `knex`. Resolves with the exit
 * code; usage errors print the help's message and give 2, failures give 1.
 */
export async function runTokensCommand(args: readonly string[], knex: Knex, output: TokensOutput, now: () => number = Date.now): Promise<number> {
  const store = new CallerStore(knex);
  const program = new Command("tokens")
    .description("Manage the callers of the Kontorion Segments API (bearer tokens and client certificates).")
    .exitOverride()
    .configureOutput({ writeOut: (s) => output.out(s.trimEnd()), writeErr: (s) => output.err(s.trimEnd()) });

  program
    .command("create")
    .description("register a caller; prints its bearer token once (or registers a client certificate subject)")
    .requiredOption("--name <name>", "the calling service, e.g. promotions")
    .requiredOption("--scopes <list>", `comma-separated scopes, or "all": ${ALL_SCOPES.join(", ")}`)
    .option("--certificate-subject <subject>", "identify the caller by its verified client certificate with this subject instead of a token")
    .option("--certificate-fingerprint <sha256>", "also require this SHA-256 certificate fingerprint (AB:CD:…)")
    .addHelpText("after", `\nScopes:\n${ALL_SCOPES.map((s) => `  ${s.padEnd(16)} ${SCOPE_MEANINGS[s]}`).join("\n")}`)
    .action(async (opts: { name: string; scopes: string; certificateSubject?: string; certificateFingerprint?: string }) => {
      if (opts.certificateFingerprint !== undefined && opts.certificateSubject === undefined) {
        throw new Error("--certificate-fingerprint needs --certificate-subject");
      }
      const certificate = opts.certificateSubject === undefined ? undefined : { subject: opts.certificateSubject, fingerprint256: opts.certificateFingerprint };
      const { record, token } = await store.create({ name: opts.name, scopes: parseScopeList(opts.scopes), certificate, origin: "cli", nowMs: now() });
      output.err(`created caller ${record.name} (id ${record.id}) with scopes ${record.scopes.join(",")}`);
      if (token === undefined) {
        output.err(`identified by client certificate subject ${JSON.stringify(record.certificateSubject)}`);
        output.out(record.id);
      } else {
        output.err("token (shown once; only its SHA-256 digest is stored):");
        output.out(token);
      }
    });

  program
    .command("list")
    .description("list every caller, revoked ones included (secrets are never shown)")
    .action(async () => {
      const records = await store.list();
      output.out(formatTable(records));
    });

  program
    .command("revoke")
    .description("revoke a caller by id; takes effect within AUTH_CACHE_MS on every replica")
    .argument("<id>", "the caller id (the part after kseg_ in its token)")
    .action(async (id: string) => {
      if (!(await store.revoke(id, now()))) throw new Error(`no active caller with id ${JSON.stringify(id)}`);
      output.err(`revoked caller ${id}`);
    });

  try {
    await program.parseAsync(args, { from: "user" });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    output.err(`error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

function formatTable(records: readonly CallerRecord[]): string {
  const rows = [
    ["ID", "NAME", "IDENTIFIED BY", "SCOPES", "CREATED", "REVOKED"],
    ...records.map((r) => [
      r.id,
      r.name,
      r.certificateSubject === undefined ? (r.origin === "dev" ? "token (AUTH=dev)" : "token") : `certificate ${r.certificateSubject}`,
      r.scopes.join(","),
      new Date(r.createdAtMs).toISOString(),
      r.revokedAtMs === undefined ? "-" : new Date(r.revokedAtMs).toISOString(),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n");
}

async function main(): Promise<void> {
  const location = parseDatabaseUrl(loadConfig().databaseUrl);
  await ensureDatabase(location);
  const knex = openKnex(location, 2);
  try {
    await migrateLatest(knex);
    process.exitCode = await runTokensCommand(process.argv.slice(2), knex, {
      out: (text) => process.stdout.write(`${text}\n`),
      err: (text) => process.stderr.write(`${text}\n`),
    });
  } finally {
    await knex.destroy();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
