# Kontorion Segments — every entry point in one place. See README.md.
SHELL := /bin/bash
export DATABASE_URL ?= mysql://root@127.0.0.1:3306/segments

.PHONY: install db-up generate check-generated lint breaking typecheck migrate token run run-demo test fuzz-compiler fuzz-server bench bench-quick ci

install: ## install exact dependencies from package-lock.json
	npm ci --no-audit --no-fund

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund

db-up: ## start the local MariaDB if it is not answering (nothing when DATABASE_URL is on another host)
	bash .ci/ensure-mariadb.sh

generate: node_modules/.package-lock.json ## regenerate gen/ from proto/
	npx buf generate

check-generated: node_modules/.package-lock.json ## fail if gen/ is not what buf generate produces
	npx buf generate
	git diff --exit-code -- gen/ || (echo "gen/ is stale: run make generate and commit" >&2; exit 1)
	test -z "$$(git status --porcelain -- gen/)" || (git status --porcelain -- gen/; echo "gen/ has untracked generated files" >&2; exit 1)

lint: node_modules/.package-lock.json ## buf lint + TypeScript type check
	npx buf lint
	npx tsc --noEmit -p tsconfig.json

breaking: node_modules/.package-lock.json ## compare the API with the main branch
	npx buf breaking --against '.git#branch=main'

typecheck: node_modules/.package-lock.json
	npx tsc --noEmit -p tsconfig.json

migrate: db-up node_modules/.package-lock.json ## create the database and apply migrations
	npx tsx src/cli/migrate.ts

token: db-up node_modules/.package-lock.json ## manage API callers: make token ARGS='create --name promo --scopes evaluate:saved' (also list, revoke ID)
	npx tsx src/cli/tokens.ts $(ARGS)

# make run: AUTH=dev registers a local development caller and logs its token at start (loopback HOST only).
run run-demo: export AUTH ?= dev

run: db-up node_modules/.package-lock.json ## run the service (migrates on start; DEMO_DATA=1 loads demo customers)
	npx tsx src/main.ts

run-demo: db-up node_modules/.package-lock.json ## run the service with a small demo dataset loaded
	DEMO_DATA=1 npx tsx src/main.ts

test: db-up node_modules/.package-lock.json ## everything CI checks: generated code, lint, types, all tests
	$(MAKE) check-generated lint
	npx vitest run --reporter=default --reporter=json --outputFile=.vitest-results.json; status=$$?; \
	  node .ci/test-summary.mjs .vitest-results.json; exit $$status

fuzz-compiler: db-up node_modules/.package-lock.json ## 100,000+ random predicates against the reference evaluator
	FUZZ_PREDICATES=$${FUZZ_PREDICATES:-100000} npx tsx test/property/fuzz.ts

fuzz-server: db-up node_modules/.package-lock.json ## 20,000+ hostile requests over the network against the real process (FUZZ_REQUESTS, FUZZ_SEED)
	npx tsx test/hostile/fuzz-server.ts

bench: db-up node_modules/.package-lock.json ## full benchmark at 1M customers
	npx tsx bench/run.ts --scale full

bench-quick: db-up node_modules/.package-lock.json ## small benchmark (< 2 minutes)
	npx tsx bench/run.ts --scale quick
