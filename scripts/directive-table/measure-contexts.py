#!/usr/bin/env python3
"""Measure, with real `apache2 -t`, where every directive of the directive table is accepted.

For each directive (with an argument list of the right arity) and each context (server, vhost,
<Directory>, <Location>, <Files>, <If>, <Limit> inside <Directory>), write a tiny standalone
httpd.conf, run `apache2 -t -f` and record the error text (or "OK"). The result
(test/config/fixtures/contexts-measured.jsonl) is what the context rules of htrewrite's directive
table are checked against: htrewrite must refuse where Apache refuses, with the same words.

Each probe loads the conformance-case base modules, then the directive's module after the modules
it needs (fixtures/modules.json, from extract.py); an MPM module replaces mpm_prefork.

usage: measure-contexts.py > test/config/fixtures/contexts-measured.jsonl
"""
import json, os, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "..", "..", "test", "config", "fixtures")
TABLE = json.load(open(os.path.join(FIX, "directive-table.json")))
MODULES = {m["id"]: m for m in json.load(open(os.path.join(FIX, "modules.json")))}
MODDIR = "/usr/lib/apache2/modules"
BASE_MODULES = ["mpm_prefork", "authz_core", "authz_host", "mime", "dir", "alias", "env", "setenvif",
                "rewrite", "headers", "userdir", "wsgi"]
BUILTIN = {"core_module", "so_module", "watchdog_module", "http_module", "log_config_module",
           "logio_module", "version_module", "unixd_module"}


def load_order(mod):
    """LoadModule lines for the base set plus `mod` after its dependencies (depth first)."""
    base = [f"{m}_module" for m in BASE_MODULES]
    if mod.startswith("mpm_"):
        base = [mod] + base[1:]
    order = list(base)

    def add(m):
        if m in order or m in BUILTIN:
            return
        for d in MODULES[m]["deps"]:
            add(d)
        order.append(m)
    add(mod)
    return [f"LoadModule {m} {MODDIR}/{MODULES[m]['file']}" for m in order]

ARGS = {"TAKE1": "x", "TAKE2": "x y", "TAKE12": "x", "TAKE3": "x y z", "TAKE23": "x y",
        "TAKE123": "x", "TAKE13": "x", "ITERATE": "x", "ITERATE2": "x y", "FLAG": "On", "RAW_ARGS": "x",
        "TAKE_ARGV": "x", "NO_ARGS": ""}
CONTEXTS = {
    "server": ("", ""),
    "virtualhost": ("<VirtualHost *:18080>", "</VirtualHost>"),
    "directory": ("<Directory /tmp>", "</Directory>"),
    "location": ("<Location /x>", "</Location>"),
    "files": ("<Files x>", "</Files>"),
    "if": ("<If \"true\">", "</If>"),
    "limit": ("<Directory /tmp>\n<Limit GET>", "</Limit>\n</Directory>"),
}


def probe(entry, ctx):
    mod = entry["module"]
    lines = ["ServerRoot /tmp"] + load_order(mod)
    lines += ["ServerName localhost", "Listen 127.0.0.1:18080", "PidFile /tmp/htr-measure.pid",
              "ErrorLog /dev/null"]
    name = entry["name"]
    opener, closer = CONTEXTS[ctx]
    first_line = len(lines) + 1 + (opener.count("\n") + 1 if opener else 0)
    if opener:
        lines.append(opener)
    if name.startswith("<"):
        lines.append(f"{name} x>")
        lines.append(f"</{name[1:]}>")
    else:
        lines.append(f"{name} {ARGS[entry['argsHow']]}".rstrip())
    if closer:
        lines.append(closer)
    with tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False) as f:
        f.write("\n".join(lines) + "\n")
        path = f.name
    try:
        r = subprocess.run(["/usr/sbin/apache2", "-t", "-f", path], capture_output=True, text=True,
                           timeout=60, env={"PATH": "/usr/sbin:/usr/bin:/bin", "LANG": "C"},
                           errors="replace")
        out = (r.stderr + r.stdout).replace(path, "FILE")
        msg = "OK" if r.returncode == 0 else " | ".join(
            l for l in out.splitlines() if not l.startswith("["))
    except subprocess.TimeoutExpired:
        msg = "TIMEOUT"
    finally:
        os.unlink(path)
    return dict(name=name, module=mod, ctx=ctx, line=first_line, result=msg)


# --resume FILE: keep the rows FILE already has (a long measurement interrupted part-way).
done = set()
if len(sys.argv) > 2 and sys.argv[1] == "--resume":
    for line in open(sys.argv[2]):
        r = json.loads(line)
        done.add((r["module"], r["name"], r["ctx"]))
        print(line, end="")
jobs = [(e, c) for e in TABLE if not (e["reqOverride"] & 256)
        for c in CONTEXTS if (e["module"], e["name"], c) not in done]
with ThreadPoolExecutor(max_workers=3) as ex:
    for res in ex.map(lambda j: probe(*j), jobs):
        print(json.dumps(res), flush=True)
