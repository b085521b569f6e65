# Debian's postgresql-15 would create and start a "main" cluster; the image's
# entrypoint creates the cluster at first start instead, from POSTGRES_* vars.
apt-get install postgresql-common
sed -ri 's/^#?\s*create_main_cluster\b.*/create_main_cluster = false/' /etc/postgresql-common/createcluster.conf
apt-get install postgresql-15
