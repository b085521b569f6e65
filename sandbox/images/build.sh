#!/usr/bin/env bash
# Build Berth's images on Berth's daemon, from Debian packages only, then push
# the catalog to Berth's registry as library/<name>:<tag>.
#   sandbox/images/build.sh             # everything
#   sandbox/images/build.sh redis node20  # some recipes (and the base)
# Idempotent: an image whose org.berth.recipe label matches the hash of its
# recipe (files, base, inputs) is kept; only changed recipes are rebuilt.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# Build order; every recipe but busybox starts from the base.
ALL=(busybox debian redis nginx python postgres node18 node20 engine)
recipes=("$@")
((${#recipes[@]})) || recipes=("${ALL[@]}")

bdocker version >/dev/null 2>&1 || die "Berth's daemon does not answer on $BERTH_SOCK: run sandbox/host/setup.sh"
mkdir -p "$BUILD_DIR"
REPORT=$BUILD_DIR/build-report.tsv

base_hash=$("$IMAGES_DIR/base.sh")

build_one() {
  local name=$1 dir=$RECIPES/$1 image=berth/$1:latest extra=() hash ctx t0 ms
  [[ -f $dir/Dockerfile ]] || die "build: no recipe $dir/Dockerfile"
  if [[ -x $dir/inputs ]]; then extra+=("$("$dir/inputs")"); fi
  hash=$(recipe_hash "$dir" "$base_hash" "$BERTH_REGISTRY" "$(sha256sum <"$IMAGES_DIR/layer.sh")" "${extra[@]}")
  if image_current "$image" "$hash"; then
    log "build: $image current ($hash)"
    return 0
  fi

  log "build: $image ($hash)"
  t0=$(now_ms)
  ctx=$(mktemp -d "$BUILD_DIR/ctx-$name.XXXXXX")
  # shellcheck disable=SC2064 # expand now: ctx is local
  trap "rm -rf '$ctx'" RETURN
  cp -a "$dir/." "$ctx/"
  if [[ -f $dir/install.sh ]]; then
    "$IMAGES_DIR/layer.sh" "$ctx/layer.tar" "$dir/install.sh"
    [[ ! -s $ctx/layer.tar.deleted ]] || die "build: $name's packages delete base files: $(cat "$ctx/layer.tar.deleted")"
    rm -f "$ctx/layer.tar.deleted"
  fi
  if [[ -x $dir/prepare ]]; then "$dir/prepare" "$ctx"; fi

  bdocker build -q \
    --build-arg "BASE=$BASE_IMAGE" --build-arg "BERTH_REGISTRY=$BERTH_REGISTRY" \
    --label "$BERTH_LABEL=true" --label "org.berth.recipe=$hash" --label "org.berth.image=$name" \
    -t "$image" "$ctx" >/dev/null || die "build: docker build of $name failed"
  ms=$(($(now_ms) - t0))
  printf '%s\t%s\t%s ms\t%s MB\n' "$(date -u +%FT%TZ)" "$name" "$ms" "$(image_mb "$image")" >>"$REPORT"
  log "build: $image built in $ms ms, $(image_mb "$image") MB"
}

for r in "${recipes[@]}"; do build_one "$r"; done
"$IMAGES_DIR/push.sh" "${recipes[@]}"

# Old images of ours, left untagged by rebuilds: remove by label only.
dangling=$(bdocker images -q --filter dangling=true --filter "label=$BERTH_LABEL=true")
if [[ -n $dangling ]]; then
  # shellcheck disable=SC2086 # one id per word
  bdocker rmi $dangling >/dev/null 2>&1 || true
fi
log "build: done"
