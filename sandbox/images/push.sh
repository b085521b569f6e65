#!/usr/bin/env bash
# push.sh [RECIPE...]: push built catalog images to Berth's registry under
# Docker Hub's names (library/<name>:<tag>, one per line of recipes/*/tags).
# A tag already pushed from the same image id is skipped.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

recipes=("$@")
if ((${#recipes[@]} == 0)); then
  for d in "$RECIPES"/*/; do recipes+=("$(basename "$d")"); done
fi
marks=$BUILD_DIR/pushed
mkdir -p "$marks"

for name in "${recipes[@]}"; do
  tags=$RECIPES/$name/tags
  [[ -f $tags ]] || continue           # base and engine are not in the catalog
  id=$(bdocker image inspect -f '{{.Id}}' "berth/$name:latest") || die "push: berth/$name:latest not built"
  pushed=0
  while read -r tag; do
    [[ -n $tag ]] || continue
    repo=${tag%%:*} version=${tag#*:}
    mark=$marks/$repo:$version
    # Skip when this id was pushed under this tag and the registry still has it.
    if [[ "$(cat "$mark" 2>/dev/null)" == "$id" ]] &&
      curl -fsS -o /dev/null -I -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
        "http://$BERTH_REGISTRY/v2/library/$repo/manifests/$version"; then
      continue
    fi
    ref=$BERTH_REGISTRY_LOCAL/library/$repo:$version
    bdocker tag "berth/$name:latest" "$ref"
    bdocker push -q "$ref" >/dev/null || die "push: $ref failed"
    bdocker rmi "$ref" >/dev/null   # keep only berth/<name> locally
    echo "$id" >"$mark"
    pushed=$((pushed + 1))
  done <"$tags"
  log "push: $name: $pushed tag(s) pushed, $(grep -c . "$tags") in the registry"
done
