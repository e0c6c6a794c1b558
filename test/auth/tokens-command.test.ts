/**
 * The tokens command and the api_callers table on a real database: what `create` prints and
 * stores, `list`, `revoke`, certificate registrations, usage errors; and the script itself run
 * the way the README says (npx tsx src/cli/tokens.ts).
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Knex } from "knex";
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseToken } from "../../src/auth/bearer-token.js";
import { CallerStore } from "../../src/auth/caller-store.js";
import { runTokensCommand } from "../../src/cli/tokens.js";
import { ensureDatabase, openKnex } from "../../src/db/connect.js";
import { migrateLatest } from "../../src/db/migration-source.js";
import { testDatabaseLocation, testDatabaseUrl } from "../support/test-database.js";

const DATABASE = "segments_test_tokens_command";
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
let knex: Knex;

beforeAll(async () => {
  const location = testDatabaseLocation(DATABASE);
  const root = await mysql.createConnection({ host: location.host, port: location.port, user: location.user, password: location.password });
  await root.query(`DROP DATABASE IF EXISTS \`${location.database}\``);
  await root.end();
  await ensureDatabase(location);
  knex = openKnex(location, 2);
  await migrateLatest(knex);
});

afterAll(async () => {
  await knex.destroy();
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runTokensCommand(args, knex, { out: (t) => out.push(t), err: (t) => err.push(t) }, () => Date.UTC(2026, 0, 2, 3, 4, 5));
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("tokens create / list / revoke", () => {
  it("create prints the token once, alone on stdout; only its SHA-256 digest is stored", async () => {
    const { code, out, err } = await run("create", "--name", "promotions", "--scopes", "evaluate:saved,segments:read");
    expect(code).toBe(0);
    const parsed = parseToken(out);
    expect(parsed).toBeDefined();
    expect(err).toContain(`created caller promotions (id ${parsed!.id}) with scopes segments:read,evaluate:saved`);
    const [row] = await knex("api_callers").where({ id: parsed!.id });
    expect(row.secret_hash).toEqual(createHash("sha256").update(parsed!.secret).digest());
    expect(JSON.stringify(await knex("api_callers").select())).not.toContain(parsed!.secret);
    expect(row).toMatchObject({ name: "promotions", scopes: "segments:read,evaluate:saved", origin: "cli", revoked_at: null, certificate_subject: null });
  });

  it("list shows every caller without secrets; revoke marks one revoked and a second revoke fails", async () => {
    const { out: token } = await run("create", "--name", "dunning", "--scopes", "all");
    const id = parseToken(token)!.id;
    let listing = (await run("list")).out;
    expect(listing.split("\n")[0]).toMatch(/^ID\s+NAME\s+IDENTIFIED BY\s+SCOPES\s+CREATED\s+REVOKED$/);
    expect(listing).toMatch(new RegExp(`${id}\\s+dunning\\s+token\\s+segments:read,segments:write,catalog:read,evaluate:saved,evaluate:inline,members:export,explain\\s+2026-01-02T03:04:05.000Z\\s+-`));
    expect(listing).not.toContain(parseToken(token)!.secret);
    expect(await run("revoke", id)).toMatchObject({ code: 0, err: `revoked caller ${id}` });
    listing = (await run("list")).out;
    expect(listing).toMatch(new RegExp(`${id}\\s+dunning\\s+token\\s+\\S+\\s+2026-01-02T03:04:05.000Z\\s+2026-01-02T03:04:05.000Z`));
    expect(await run("revoke", id)).toMatchObject({ code: 1, err: `error: no active caller with id "${id}"` });
  });

  it("--certificate-subject registers a certificate caller without a token; one active caller per subject", async () => {
    const { code, out, err } = await run("create", "--name", "billing", "--scopes", "explain", "--certificate-subject", "CN=billing", "--certificate-fingerprint", Array(32).fill("ab").join(":"));
    expect(code).toBe(0);
    expect(parseToken(out)).toBeUndefined();
    expect(err).toContain('identified by client certificate subject "CN=billing"');
    const [row] = await knex("api_callers").where({ id: out });
    expect(row).toMatchObject({ secret_hash: null, certificate_subject: "CN=billing", certificate_fingerprint256: Array(32).fill("AB").join(":") });
    expect(await new CallerStore(knex).findActiveByCertificateSubject("CN=billing")).toMatchObject({ name: "billing" });
    const again = await run("create", "--name", "billing2", "--scopes", "explain", "--certificate-subject", "CN=billing");
    expect(again.code).toBe(1);
    expect(again.err).toContain(`caller ${out} (billing) already has certificate subject "CN=billing": revoke it first`);
  });

  it.each([
    [["create", "--name", "x", "--scopes", "admin"], 1, /unknown scope "admin"/],
    [["create", "--name", "bad name", "--scopes", "explain"], 1, /name must be 1-100 letters/],
    [["create", "--scopes", "explain"], 2, /required option '--name <name>' not specified/],
    [["create", "--name", "x", "--scopes", "explain", "--certificate-fingerprint", "AB"], 1, /--certificate-fingerprint needs --certificate-subject/],
    [["create", "--name", "x", "--scopes", "explain", "--certificate-subject", "CN=x", "--certificate-fingerprint", "AB"], 1, /SHA-256 fingerprint/],
    [["rotate"], 2, /unknown command 'rotate'/],
  ])("%j fails with exit code %d", async (args, code, message) => {
    const result = await run(...args);
    expect(result.code).toBe(code);
    expect(result.err).toMatch(message);
  });
});

it("runs as a script: npx tsx src/cli/tokens.ts create, then list", async () => {
  const exec = promisify(execFile);
  const env = { ...process.env, DATABASE_URL: testDatabaseUrl(DATABASE) };
  const created = await exec(process.execPath, ["--import", "tsx", "src/cli/tokens.ts", "create", "--name", "from-script", "--scopes", "catalog:read"], { cwd: ROOT, env });
  const token = created.stdout.trim();
  expect(parseToken(token)).toBeDefined();
  const listed = await exec(process.execPath, ["--import", "tsx", "src/cli/tokens.ts", "list"], { cwd: ROOT, env });
  expect(listed.stdout).toMatch(new RegExp(`${parseToken(token)!.id}\\s+from-script\\s+token\\s+catalog:read`));
}, 30_000);
