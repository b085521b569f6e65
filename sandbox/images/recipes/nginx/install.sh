apt-get install nginx
