#!/usr/bin/env python3
"""Run configuration snippets through real `apache2 -t` and record its verdict.

Input: fixtures/reader-cases.txt (or the file given as argument), one snippet per line (`\\n` separates lines, `\\t` a tab,
`\\\\` a backslash; lines starting with `;` are comments). Each snippet is appended to a
standalone httpd.conf that loads the conformance-case base modules; the file name is replaced
by FILE and line numbers are made relative to the snippet.
Output (stdout): JSON lines {"config": snippet, "result": "OK" | apache's error lines joined by " | "}.
"""
import json, os, re, shutil, subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
MODDIR = "/usr/lib/apache2/modules"
MODULES = ["mpm_prefork", "authz_core", "authz_host", "mime", "dir", "alias", "env", "setenvif",
           "rewrite", "headers", "userdir", "wsgi"]
# A fixed root: httpd cuts long log lines, so the test must use a path of the same length.
ROOT = "/tmp/htr-measure-root"
shutil.rmtree(ROOT, ignore_errors=True)
os.makedirs(f"{ROOT}/htdocs")
os.makedirs(f"{ROOT}/conf/sub")
with open(f"{ROOT}/conf/a.conf", "w") as f:
    f.write("RewriteEngine On\n")
with open(f"{ROOT}/conf/sub/b.conf", "w") as f:
    f.write("SetEnv B 1\n")
with open(f"{ROOT}/conf/bad.conf", "w") as f:
    f.write("SetEnv\n")
HEADER = [f"ServerRoot {ROOT}"] + [f"LoadModule {m}_module {MODDIR}/mod_{m}.so" for m in MODULES] + [
    "ServerName localhost", "Listen 127.0.0.1:18099", f"PidFile {ROOT}/httpd.pid", "ErrorLog /dev/null",
    f"DocumentRoot {ROOT}/htdocs"]


def unescape(s):
    return re.sub(r"\\(n|t|\\)", lambda m: {"n": "\n", "t": "\t", "\\": "\\"}[m.group(1)], s)


def measure(snippet):
    path = f"{ROOT}/conf/httpd.conf"
    with open(path, "w") as f:
        f.write("\n".join(HEADER) + "\n" + snippet + "\n")
    r = subprocess.run(["/usr/sbin/apache2", "-t", "-f", path], capture_output=True, text=True, timeout=20,
                       env={"PATH": "/usr/sbin:/usr/bin:/bin", "LANG": "C", "HOME": "/root"})
    if r.returncode == 0:
        return "OK"
    out = [l for l in (r.stderr + r.stdout).splitlines() if not l.startswith("[")]
    text = " | ".join(out).replace(ROOT, "@ROOT@")

    def rel(m):
        return f"line {int(m.group(1)) - len(HEADER)} of @ROOT@/conf/httpd.conf"
    text = re.sub(r"line (\d+) of @ROOT@/conf/httpd\.conf", rel, text)
    text = re.sub(r"@ROOT@/conf/httpd\.conf:(\d+):", lambda m: f"@ROOT@/conf/httpd.conf:{int(m.group(1)) - len(HEADER)}:", text)
    return text


import sys
CASES = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "fixtures", "reader-cases.txt")
for line in open(CASES):
    line = line.rstrip("\n")
    if not line or line.startswith(";"):
        continue
    print(json.dumps({"config": unescape(line), "result": measure(unescape(line))}), flush=True)
