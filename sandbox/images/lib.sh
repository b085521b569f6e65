# shellcheck shell=bash
# shellcheck disable=SC2034 # variables for the scripts that source this file
# Helpers shared by the image scripts. Sourced, not run.
# shellcheck source=../host/config.sh
. "$(dirname "${BASH_SOURCE[0]}")/../host/config.sh"

IMAGES_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RECIPES=$IMAGES_DIR/recipes
BUILD_DIR=${BERTH_BUILD_DIR:-$BERTH_STATE/build}
BASE_ROOTFS=$BUILD_DIR/base/rootfs     # the base, unpacked, for package layers
BASE_IMAGE=berth/base:bookworm
SUITE=bookworm

# recipe_hash DIR [EXTRA...]: a short hash of every file in a recipe (names and
# contents) plus extra strings, e.g. the hash of the image it builds on. It is
# stored as the org.berth.recipe label; an image whose label matches is current.
recipe_hash() {
  local dir=$1; shift
  {
    (cd "$dir" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
    printf '%s\n' "$@"
  } | sha256sum | cut -c1-16
}

# image_current IMAGE HASH: true if IMAGE exists with recipe label HASH.
image_current() {
  [[ "$(bdocker image inspect -f '{{index .Config.Labels "org.berth.recipe"}}' "$1" 2>/dev/null)" == "$2" ]]
}

# Milliseconds since the epoch, for timing builds.
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Size of an image in MB, as "docker images" reports it.
image_mb() { bdocker image inspect -f '{{.Size}}' "$1" | awk '{printf "%.0f", $1/1000000}'; }
