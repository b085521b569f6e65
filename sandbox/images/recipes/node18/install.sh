apt-get install nodejs npm ca-certificates
