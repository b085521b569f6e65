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
