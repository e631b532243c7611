# -*- coding: utf-8 -*-
# Copyright 2026 the nictune authors. See COPYING.
"""Runs the nictune CLI for the modules: one place that builds the command line, reads its JSON and turns a
failure into a module failure with the agent's own message (the CLI prints one line on stderr, exit code 2)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

# What every module accepts, described once in doc_fragments-free form (each module repeats it in DOCUMENTATION).
COMMON_ARGS = dict(
    target=dict(type='str', default='unix:///run/nictune/nictune.sock'),
    nictune_path=dict(type='path', default='nictune'),
)


class NictuneCli(object):
    """The `nictune` binary on the managed host, talking to the agent named by `target`."""

    def __init__(self, module):
        self.module = module
        path = module.params['nictune_path']
        self.binary = path if '/' in path else module.get_bin_path(path, required=True)
        self.target = module.params['target']

    def run(self, args, with_target=True):
        """Runs `nictune ARGS [--target T]`: (rc, stdout, stderr)."""
        command = [self.binary] + list(args)
        if with_target:
            command += ['--target', self.target]
        return self.module.run_command(command)

    def json(self, args, with_target=True, ok=(0,), shown_as=None, **failure):
        """The parsed JSON a verb printed. A verb that printed no JSON (a refusal: exit 2 and one line on stderr)
        or exited outside `ok` fails the module with that message; `failure` goes into the failed result.
        `shown_as` (path, name): the message names a file the module wrote under `name` (the operator's `content`)."""
        rc, out, err = self.run(args, with_target)
        if shown_as:
            err = err.replace(shown_as[0], shown_as[1])
        document = None
        if out.strip():
            try:
                document = json.loads(out)
            except ValueError:
                document = None
        if document is None or rc not in ok:
            message = err.strip() or out.strip() or 'nictune %s exited %d' % (args[0], rc)
            self.module.fail_json(msg=message, rc=rc, stderr=err, command=' '.join([self.binary] + list(args)), **failure)
        return document


def plan_changes(rows):
    """The rows of a wire plan (PlanProfile, PutProfile dry run) that would write."""
    return [r for r in rows if r.get('action') in ('PLAN_ACTION_CHANGE', 'PLAN_ACTION_CLAMPED')]


def setting_name(row):
    """`interface key`, or the sysctl's key alone."""
    interface = row.get('interface') or ''
    return ('%s %s' % (interface, row.get('key', ''))).strip()


def diff_of(rows, before_field, after_field, header):
    """Ansible's diff (before/after texts) of plan or transaction rows: one `setting: value` line each."""
    before = ''.join('%s: %s\n' % (setting_name(r), r.get(before_field, '-')) for r in rows)
    after = ''.join('%s: %s\n' % (setting_name(r), r.get(after_field, '-')) for r in rows)
    return dict(before=before, after=after, before_header=header + ' (kernel now)', after_header=header)
