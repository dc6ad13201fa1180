#!/usr/bin/env python3
# pty-run.py - run a command on a fresh pseudo-terminal and answer its prompts.
#
#   pty-run.py [--expect REGEX --send TEXT]... -- COMMAND [ARG]...
#
# Waits (30 s at most, times $TEST_TIMEOUT_SCALE) for each REGEX in what
# the command wrote to the terminal, then, once the command turned the
# terminal's echo off (every TEXT is a secret: a password, a passphrase),
# types TEXT.  Prints everything the terminal showed and exits with the
# command's status (124 when a REGEX never came).  The terminal's CR LF
# line ends are printed as LF.
import os
import pty
import re
import select
import sys
import termios
import time


def timeout_scale():
    v = os.environ.get('TEST_TIMEOUT_SCALE', '')
    return int(v) if v.isdigit() and int(v) > 0 else 1


def main():
    args = sys.argv[1:]
    steps = []
    while args and args[0] != '--':
        if args[0] not in ('--expect', '--send') or len(args) < 2:
            sys.exit('pty-run.py: usage: [--expect REGEX --send TEXT]... -- COMMAND')
        steps.append((args[0], args[1]))
        args = args[2:]
    cmd = args[1:]
    if not cmd:
        sys.exit('pty-run.py: no command')
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(cmd[0], cmd)
    seen = b''
    pos = 0
    eof = False

    def read_some(timeout):
        nonlocal seen, eof
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return
        try:
            data = os.read(fd, 4096)
        except OSError:
            data = b''
        if data:
            seen += data
        else:
            eof = True

    def echo_off():
        try:
            return not termios.tcgetattr(fd)[3] & termios.ECHO
        except termios.error:
            return False

    limit = 30 * timeout_scale()
    for kind, value in steps:
        if kind == '--send':
            # a prompt for a secret turns echo off (and may flush what was
            # typed before): type once it did
            deadline = time.time() + limit
            while not echo_off() and not eof and time.time() < deadline:
                read_some(0.05)
            os.write(fd, value.encode())
            continue
        deadline = time.time() + limit
        while True:
            m = re.compile(value.encode()).search(seen, pos)
            if m:
                pos = m.end()
                break
            if eof or time.time() > deadline:
                sys.stdout.write(seen.decode(errors='replace'))
                sys.stdout.write('\npty-run.py: never saw %r\n' % value)
                os.kill(pid, 9)
                os.waitpid(pid, 0)
                sys.exit(124)
            read_some(0.5)
    while not eof:
        read_some(30)
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(seen.replace(b'\r\n', b'\n').decode(errors='replace'))
    sys.exit(os.waitstatus_to_exitcode(status))


main()
