apt-get install python3 python3-pip python3-venv python-is-python3 ca-certificates
