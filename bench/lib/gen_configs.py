#!/usr/bin/env python3
"""Generate the configs every bench target runs with.

All targets get the same tenant map: tenant-0001 .. tenant-NNNN, every tenant mapped
to the single backend cluster, but through the map, so the lookup cost is real.

Usage: gen_configs.py WORKDIR [--tenants N] [--sluice-only NAME N]
"""
import argparse
import os

PORTS = {
    "backend_h1": 18000,
    "backend_h2c": 18001,
    "sluice": 18080,
    "sluice_admin": 18901,
    "haproxy_h1": 18081,
    "haproxy_h2c": 18082,
    "nginx_h1": 18084,
    "nginx_h2c": 18085,
}


def tenant_names(n):
    width = max(4, len(str(n)))
    return [f"tenant-{i:0{width}d}" for i in range(1, n + 1)]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def nginx_version():
    import subprocess
    try:
        out = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr
        ver = out.strip().split("/")[-1].split()[0]
        return tuple(int(x) for x in ver.split(".")[:3])
    except Exception:
        return (0, 0, 0)


def h2c_listen(port, version):
    # `http2 on;` exists from 1.25.1; before that the flag goes on `listen`.
    # On a listener without ssl either form means h2c with prior knowledge only.
    if version >= (1, 25, 1):
        return f"listen 127.0.0.1:{port};\n        http2 on;"
    return f"listen 127.0.0.1:{port} http2;"


def common_nginx_head(prefix):
    return f"""worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
worker_rlimit_nofile 65536;
events {{ worker_connections 16384; multi_accept on; }}
"""


def common_nginx_http(prefix):
    return f"""    access_log off;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    keepalive_requests 1000000;
    keepalive_timeout 75s;
    http2_max_requests 1000000;
    client_body_buffer_size 16k;
    client_max_body_size 1m;
"""


def gen_backend(work):
    prefix = f"{work}/backend"
    v = nginx_version()
    # http2_max_requests is obsolete (warns) from 1.19.7 on; keepalive_requests covers h2 too.
    http = common_nginx_http(prefix)
    if v >= (1, 19, 7):
        http = http.replace("    http2_max_requests 1000000;\n", "")
    write(f"{prefix}/nginx.conf", common_nginx_head(prefix) + f"""http {{
{http}    server {{
        listen 127.0.0.1:{PORTS['backend_h1']} backlog=4096;
        location / {{ return 200 "ok\\n"; }}
    }}
    server {{
        {h2c_listen(PORTS['backend_h2c'], v)}
        location / {{ return 200 "ok\\n"; }}
    }}
}}
""")


# What every proxy adds to a request on its way to the backend, as Sluice always does
# (HeaderRewriter): the client's address appended to X-Forwarded-For, X-Forwarded-Proto, and a
# random x-request-id unless the client sent one. The peers are configured to do the same work.
NGINX_FORWARDED = """            proxy_set_header Connection "";
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Request-ID $request_id_kept;
"""


def gen_nginx_proxy(work, tenants):
    prefix = f"{work}/nginx"
    v = nginx_version()
    http = common_nginx_http(prefix)
    if v >= (1, 19, 7):
        http = http.replace("    http2_max_requests 1000000;\n", "")
    lines = "\n".join(f"        {t} backend;" for t in tenants)
    write(f"{prefix}/nginx.conf", common_nginx_head(prefix) + f"""http {{
{http}    map_hash_max_size {max(2048, 2 * len(tenants))};
    map_hash_bucket_size 64;
    map $http_x_scope_orgid $upstream {{
        default "";
{lines}
    }}
    map $http_x_request_id $request_id_kept {{
        default $http_x_request_id;
        "" $request_id;
    }}
    upstream backend {{
        server 127.0.0.1:{PORTS['backend_h1']};
        keepalive 128;
        keepalive_requests 1000000;
        keepalive_timeout 75s;
    }}
    server {{
        listen 127.0.0.1:{PORTS['nginx_h1']} backlog=4096;
        location / {{
            if ($upstream = "") {{ return 403 "unknown tenant\\n"; }}
            proxy_pass http://$upstream;
            proxy_http_version 1.1;
{NGINX_FORWARDED}        }}
    }}
    server {{
        {h2c_listen(PORTS['nginx_h2c'], v)}
        location / {{
            if ($upstream = "") {{ return 403 "unknown tenant\\n"; }}
            proxy_pass http://$upstream;
            proxy_http_version 1.1;
{NGINX_FORWARDED}        }}
    }}
}}
""")


def gen_haproxy(work, tenants):
    prefix = f"{work}/haproxy"
    write(f"{prefix}/tenants.map", "".join(f"{t} backend\n" for t in tenants))
    write(f"{prefix}/haproxy.cfg", f"""global
    nbthread 1
    maxconn 4096
    pidfile {prefix}/haproxy.pid

defaults
    mode http
    option http-keep-alive
    http-reuse always
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    timeout http-keep-alive 75s
    timeout http-request 10s

frontend ingress
    bind 127.0.0.1:{PORTS['haproxy_h1']}
    bind 127.0.0.1:{PORTS['haproxy_h2c']} proto h2
    option forwardfor
    http-request set-header X-Forwarded-Proto http
    unique-id-format %[uuid()]
    http-request set-header X-Request-ID %[unique-id] unless {{ req.hdr(x-request-id) -m found }}
    use_backend %[req.hdr(X-Scope-OrgID),map({prefix}/tenants.map)]
    default_backend unknown_tenant

backend backend
    server b1 127.0.0.1:{PORTS['backend_h1']}

backend unknown_tenant
    http-request return status 403 content-type text/plain string "unknown tenant"
""")


def gen_sluice(path, tenants):
    lines = "".join(f"        {t}: backend\n" for t in tenants)
    write(path, f"""admin: {{address: 127.0.0.1:{PORTS['sluice_admin']}}}
workers: 1
listeners:
  - name: ingress
    address: 127.0.0.1:{PORTS['sluice']}
    tenant_routing:
      header: X-Scope-OrgID
      tenants:
{lines}      unknown_tenant: reject
clusters:
  - name: backend
    endpoints: [127.0.0.1:{PORTS['backend_h1']}]
    protocol: http1
""")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("work")
    ap.add_argument("--tenants", type=int, default=1000)
    ap.add_argument("--sluice-only", nargs=2, metavar=("NAME", "N"),
                    help="only write WORK/sluice/NAME.yaml with N tenants")
    a = ap.parse_args()
    work = os.path.abspath(a.work)
    if a.sluice_only:
        name, n = a.sluice_only[0], int(a.sluice_only[1])
        gen_sluice(f"{work}/sluice/{name}.yaml", tenant_names(n))
        return
    t = tenant_names(a.tenants)
    gen_backend(work)
    gen_nginx_proxy(work, t)
    gen_haproxy(work, t)
    gen_sluice(f"{work}/sluice/sluice.yaml", t)
    # 4 KiB POST body shared by wrk (read by Lua) and h2load (-d).
    body = (b"sluice-bench-payload-" * 200)[:4096]
    with open(f"{work}/body-4k.bin", "wb") as f:
        f.write(body)


if __name__ == "__main__":
    main()
