#!/usr/bin/env python3
"""alias-corpus.py - check sitesync against what drush resolves for a corpus of alias files.

    alias-corpus.py SITESYNC DIR

DIR is a search directory of *.site.yml files (subdirectories are drush
locations).  Each file records what drush resolves in comment lines:

    #= NAME FIELD = JSON         sa's JSON for NAME has FIELD (a/b/c) equal to JSON,
                                 type included (false is not "false")
    #= NAME FIELD absent         ... has no FIELD
    #= NAME listed | unlisted    NAME is (not) among the aliases `sa` shows
    #= NAME -> CANONICAL         commands resolve NAME to the alias CANONICAL
    #= NAME fails CODE TEXT      `sa NAME` exits CODE, its error says TEXT
    #= group NAME = A B ...      `sa NAME --format=json` shows A B ... (drush's sa @SITE)
    #= skipped LINE:COL TEXT     the file is skipped, in every format, with one
                                 warning "skipped: FILE:LINE:COL: TEXT..."

In TEXT, $FILE stands for the file's path.  A field is checked in `sa
--format=json` (every alias) when NAME is listed, and in `sa NAME
--format=json` when drush can name it; at least one of the two must show it.
The YAML of `sa` must read back as its JSON.  Prints TAP-free lines; exits 1
on the first list of failures.
"""
import json
import os
import re
import subprocess
import sys

import yaml

NAMEABLE = re.compile(r"^@[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+){0,2}$")


def run(args):
    p = subprocess.run(args, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


class Corpus:
    def __init__(self, sitesync, top):
        self.ss = [sitesync, "--alias-path=" + top]
        self.top = top
        self.failures = []
        self.checks = 0
        self.named = {}

    def fail(self, where, msg):
        self.failures.append("%s: %s" % (where, msg))

    def sa_json(self, name):
        if name not in self.named:
            self.named[name] = run(self.ss + ["--format=json", "sa", name])
        return self.named[name]

    def prefetch(self, names):
        """One `sa N1 N2 ... --format=json` for names that each show themselves."""
        rc, out, err = run(self.ss + ["--format=json", "sa"] + names)
        got = json.loads(out) if rc == 0 else {}
        for n in names:
            if n in got:
                self.named[n] = (0, json.dumps({n: got[n]}), "")

    def directives(self):
        for root, _, files in os.walk(self.top):
            for f in sorted(files):
                path = os.path.join(root, f)
                with open(path, encoding="utf-8", errors="replace") as fh:
                    for no, line in enumerate(fh, 1):
                        if line.startswith("#= "):
                            yield path, no, line[3:].strip()


def same(a, b):
    """Equal and of the same JSON type all the way down."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


MISSING = object()


def field(obj, path):
    for part in path.split("/"):
        if not isinstance(obj, dict) or part not in obj:
            return MISSING
        obj = obj[part]
    return obj


def main():
    sitesync, top = sys.argv[1], os.path.realpath(sys.argv[2])
    c = Corpus(sitesync, top)

    rc_j, out_j, err_j = run(c.ss + ["--format=json", "sa"])
    rc_y, out_y, err_y = run(c.ss + ["sa"])
    rc_l, out_l, err_l = run(c.ss + ["sa", "--format=list"])
    for what, rc, err in (("sa --format=json", rc_j, err_j), ("sa", rc_y, err_y),
                          ("sa --format=list", rc_l, err_l)):
        if rc != 0:
            c.fail(what, "exit %d: %s" % (rc, err.strip()))
    everything = json.loads(out_j) if rc_j == 0 else {}
    listed = sorted(everything)
    reachable = [n for n in listed if re.match(r"^[A-Za-z0-9_-]+$", everything[n]["env"])]
    if out_l.split("\n")[:-1] != reachable:
        c.fail("sa --format=list", "names %r, want those of sa --format=json a name reaches %r"
               % (out_l.split("\n")[:-1], reachable))
    as_yaml = yaml.safe_load(out_y) if rc_y == 0 else {}
    for name, fields in (as_yaml or {}).items():
        for k, v in (fields or {}).items():
            # db: the YAML leaves out what is not set
            if k == "db" or k not in everything.get(name, {}):
                continue
            if not same(v, everything[name][k]):
                c.fail("sa (yaml)", "%s %s reads back as %r, json says %r"
                       % (name, k, v, everything[name][k]))

    fields = set()
    failing = set()
    for _, _, d in c.directives():
        m = re.match(r"^(\S+) (\S+) (?:= .*|absent)$", d)
        if m and NAMEABLE.match(m.group(1)) and m.group(1) != "group":
            fields.add(m.group(1))
        m = re.match(r"^(\S+) fails ", d)
        if m:
            failing.add(m.group(1))
    c.prefetch(sorted(fields - failing))

    skipped = set()
    for path, no, d in c.directives():
        where = "%s:%d" % (os.path.relpath(path, top), no)
        d = d.replace("$FILE", path)
        c.checks += 1
        m = re.match(r"^skipped (\d+:\d+) (.*)$", d)
        if m:
            want = "sitesync: warning: skipped: %s:%s: %s" % (path, m.group(1), m.group(2))
            skipped.add(path)
            for what, err in (("sa --format=json", err_j), ("sa", err_y),
                              ("sa --format=list", err_l)):
                hits = [l for l in err.splitlines() if l.startswith(want)]
                if len(hits) != 1:
                    c.fail(where, "%s: want one warning %r, stderr was:\n%s" % (what, want, err))
            continue
        m = re.match(r"^group (\S+) = (.*)$", d)
        if m:
            rc, out, err = c.sa_json(m.group(1))
            got = sorted(json.loads(out)) if rc == 0 else None
            if got != m.group(2).split():
                c.fail(where, "sa %s --format=json: exit %d, %r (%s)"
                       % (m.group(1), rc, got, err.strip()))
            continue
        m = re.match(r"^(\S+) -> (\S+)$", d)
        if m:
            rc, out, err = run([c.ss[0], c.ss[1], "hello", m.group(1)])
            got = out.splitlines()[1].split(" ")[0] if rc == 0 and "\n" in out else None
            if got != m.group(2):
                c.fail(where, "hello %s: exit %d, resolved to %r (%s)"
                       % (m.group(1), rc, got, err.strip()))
            continue
        m = re.match(r"^(\S+) fails (\d) (.*)$", d)
        if m:
            rc, out, err = run(c.ss + ["sa", m.group(1)])
            if rc != int(m.group(2)) or m.group(3) not in err:
                c.fail(where, "sa %s: exit %d, want %s with %r; stderr: %s"
                       % (m.group(1), rc, m.group(2), m.group(3), err.strip()))
            continue
        m = re.match(r"^(\S+) (listed|unlisted)$", d)
        if m:
            if (m.group(1) in listed) != (m.group(2) == "listed"):
                c.fail(where, "%s is %s" % (m.group(1), "listed" if m.group(1) in listed
                                            else "not listed"))
            continue
        m = re.match(r"^(\S+) (\S+) (?:= (.*)|(absent))$", d)
        if not m:
            c.fail(where, "cannot read the directive %r" % d)
            continue
        name, path_, want = m.group(1), m.group(2), m.group(3)
        seen = []
        if name in everything:
            seen.append(("sa --format=json", everything[name]))
        if NAMEABLE.match(name):
            rc, out, err = c.sa_json(name)
            got = json.loads(out) if rc == 0 else {}
            if rc != 0 and name in everything:
                pass  # listed, but no name reaches it (see its "fails" directive)
            elif name not in got:
                c.fail(where, "sa %s --format=json: exit %d, no %s in %s (%s)"
                       % (name, rc, name, sorted(got), err.strip()))
            else:
                seen.append(("sa %s --format=json" % name, got[name]))
        if not seen:
            c.fail(where, "%s is neither listed nor nameable" % name)
        for what, obj in seen:
            got = field(obj, path_)
            if want is None:
                if got is not MISSING:
                    c.fail(where, "%s: %s %s is %r, want absent" % (what, name, path_, got))
            elif got is MISSING or not same(got, json.loads(want)):
                c.fail(where, "%s: %s %s is %s, want %s" % (
                    what, name, path_, "absent" if got is MISSING else json.dumps(got), want))

    for what, err in (("sa --format=json", err_j), ("sa", err_y), ("sa --format=list", err_l)):
        for line in err.splitlines():
            if not any(line.startswith("sitesync: warning: skipped: " + p + ":")
                       for p in skipped):
                c.fail(what, "unexpected on stderr: %s" % line)

    for f in c.failures:
        print("FAIL " + f)
    print("%d checks, %d aliases listed, %d failures" % (c.checks, len(listed), len(c.failures)))
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())
