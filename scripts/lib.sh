# Shared helpers for scripts/start.sh and scripts/test.sh. Sourced, not run.
# Both must work on a fresh Debian machine, as root, before any `npm install`.

log() { printf '\033[1;36mberth:\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31mberth: %s\033[0m\n' "$*" >&2; exit 1; }

# Installs the Debian packages among "$@" that are not installed yet.
# `apt-get update` runs only when something is missing, so a ready machine
# starts without touching the network.
ensure_packages() {
	local missing=() pkg
	for pkg in "$@"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] || die "these Debian packages are missing and only root can install them: ${missing[*]}"
	log "installing Debian packages: ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
		|| die "apt-get update failed (is a Debian mirror reachable?)"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
		|| die "apt-get install failed for: ${missing[*]}"
}

# Node.js itself must be there already (the README says so); check its version.
check_node() {
	command -v node >/dev/null || die "Node.js is not installed (Berth needs Node 20.19 or newer)"
	node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
		|| die "Berth needs Node 20.19 or newer; this is $(node --version)"
}

# Runs `npm ci` when node_modules is missing or older than package-lock.json.
ensure_node_modules() {
	local stamp=node_modules/.package-lock.json
	if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
		log "installing npm dependencies"
		npm ci --no-audit --no-fund --loglevel=error || die "npm ci failed"
	fi
}

# Builds the site when build/ is missing or any of its inputs changed since.
ensure_build() {
	local stamp=build/.berth-built
	if [ -f "$stamp" ] && [ -z "$(find web svelte.config.js vite.config.ts package-lock.json -newer "$stamp" -print -quit)" ]; then
		return 0
	fi
	log "building the site"
	npx vite build --logLevel warn || die "the site did not build"
	touch "$stamp"
}

# Berth's Docker daemon, network namespace, registry and images: needs root.
ensure_sandbox_host() {
	[ "$(id -u)" -eq 0 ] || die "the sandbox needs root to set up its Docker daemon (run npm start as root)"
	ensure_packages curl
	log "preparing the sandbox host (Docker daemon, network, registry, images)"
	sandbox/host/setup.sh --with-images >.tmp-setup.log 2>&1 || {
		tail -n 30 .tmp-setup.log >&2
		die "sandbox host setup failed (full log: .tmp-setup.log)"
	}
	rm -f .tmp-setup.log
}

# Waits until the sandbox service answers /healthz, or its process exits.
wait_for_sandbox() {
	local pid=$1 i
	for i in $(seq 1 300); do
		kill -0 "$pid" 2>/dev/null || die "the sandbox service exited during start-up"
		curl -fsS -o /dev/null --max-time 1 -H "authorization: Bearer $(sandbox_token)" \
			"http://127.0.0.1:${SANDBOX_PORT:-7070}/healthz" 2>/dev/null && return 0
		sleep 0.2
	done
	die "the sandbox service did not answer within 60 s"
}

sandbox_token() {
	if [ -n "${SANDBOX_TOKEN:-}" ]; then echo "$SANDBOX_TOKEN"; else cat "${BERTH_DATA_DIR:-data}/sandbox-token" 2>/dev/null; fi
}
