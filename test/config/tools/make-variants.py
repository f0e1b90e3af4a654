#!/usr/bin/env python3
"""Derive directive variants from every single-line directive of the conformance cases, for
measure-configs.py: the line as is, with one argument more, with its last argument dropped, and
the line inside <Directory>, <Location> and <VirtualHost>. Prints reader-cases lines.
usage: make-variants.py CASE_DIR... > fixtures/variant-cases.txt
"""
import json, os, sys

seen = set()
out = []
for d in sys.argv[1:]:
    for f in sorted(os.listdir(d)):
        if not f.endswith(".json"):
            continue
        c = json.load(open(os.path.join(d, f)))
        cfg = c.get("config", [])
        lines = cfg if isinstance(cfg, list) else cfg.split("\n")
        for l in lines:
            l = l.strip().replace("@ROOT@", "/tmp/htr-measure-root").replace("@PORT0@", "18099").replace("@PORT1@", "18098").replace("@PORT2@", "18097")
            if not l or l.startswith("#") or l.startswith("<") or "@" in l or "\\" in l:
                continue
            key = l.split()[0].lower()
            if key in ("listen", "include", "includeoptional", "loadmodule", "serverroot", "define", "undefine"):
                continue
            words = l.split()
            for v in (l, l + " x", " ".join(words[:-1]) if len(words) > 1 else None,
                      "<Directory /tmp>\\n" + l + "\\n</Directory>",
                      "<Location /x>\\n" + l + "\\n</Location>",
                      "<VirtualHost *:18099>\\n" + l + "\\n</VirtualHost>"):
                if v and v not in seen:
                    seen.add(v)
                    out.append(v)
print("\n".join(out))
