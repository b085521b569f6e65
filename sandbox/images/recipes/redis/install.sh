apt-get install redis-server
