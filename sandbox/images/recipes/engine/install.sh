# The engine: Docker (daemon, CLI, containerd, runc, compose v1) and the tools
# a learner expects in a shell. pigz makes layer decompression multi-threaded.
apt-get install \
  docker.io containerd runc docker-compose \
  iptables iproute2 procps pigz xz-utils \
  bash-completion git curl ca-certificates jq less nano vim-tiny \
  iputils-ping netcat-openbsd socat
