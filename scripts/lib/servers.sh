# Helpers for the scripts that start the demo (and nginx in front of it) on loopback.
# Sourced, not run: `. scripts/lib/servers.sh` after `cd` to the repository root.

# Prints a TCP port that is free on 127.0.0.1 right now.
free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# listening_url LOG: waits up to 10 s for a server started with PORT=0 to log
# "listening on http://…", then prints that URL; exits with the log when it never does.
listening_url() {
  local url
  for _ in $(seq 100); do
    url="$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$1" | head -1)"
    if [ -n "$url" ]; then echo "$url"; return; fi
    sleep 0.1
  done
  echo "the server did not start: $(cat "$1")" >&2
  exit 1
}

# nginx_config WORK PORT UPSTREAM [LOCATION…]: writes WORK/nginx.conf, an nginx that keeps all
# its files in WORK, listens on 127.0.0.1:PORT and proxies to `upstream app { UPSTREAM }` over
# keep-alive connections; each LOCATION is one more directive for `location /`. NGINX_HTTP and
# NGINX_SERVER, when set, are more configuration for the `http` and `server` blocks (another
# location, a log format).
nginx_config() {
  local work="$1" port="$2" upstream="$3" directive extra=""
  shift 3
  for directive in "$@"; do extra+="
      $directive"; done
  cat >"$work/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/body;
  proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi;
  scgi_temp_path $work/scgi;
  upstream app { $upstream keepalive 16; }
  ${NGINX_HTTP:-}
  server {
    listen 127.0.0.1:$port;
    ${NGINX_SERVER:-}
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";$extra
    }
  }
}
NGINX
}

# nginx_start WORK PORT: starts nginx with WORK/nginx.conf and waits until the demo answers
# through it (GET /version).
nginx_start() {
  nginx -c "$1/nginx.conf" -p "$1"
  for _ in $(seq 50); do
    curl -sf "http://127.0.0.1:$2/version" >/dev/null && return
    sleep 0.1
  done
  echo "nginx on port $2 did not reach the demo: $(cat "$1/error.log" 2>/dev/null)" >&2
  exit 1
}
