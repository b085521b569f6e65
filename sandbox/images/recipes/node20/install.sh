apt-get install libstdc++6 ca-certificates
