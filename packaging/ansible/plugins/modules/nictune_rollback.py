#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright 2026 the nictune authors. See COPYING.

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: nictune_rollback
short_description: Undo the last apply of the nictune agent, or restore the baseline
description:
  - Asks the nictune agent on the host to roll back (C(nictune rollback --to)), as one transaction read back from the
    kernel. V(previous) undoes the last apply an operator asked for; V(baseline) returns every setting nictune ever
    changed to its value before nictune's first change.
  - After a rollback through the agent, the agent enforces nothing until a reload, a push or an apply.
  - Check mode is the agent's dry run (C(--dry-run)), which changes nothing and reports what would be written; diff mode
    shows those settings with their current and restored values.
  - A failure (the rollback failed and was undone, or could not be undone) fails the task with the agent's message.
version_added: 0.1.0
author: nictune maintainers (@nictune)
extends_documentation_fragment:
  - nictune.agent.agent
  - nictune.agent.agent.check_and_diff
options:
  to:
    description: What to roll back to.
    type: str
    choices: [baseline, previous]
    default: previous
'''

EXAMPLES = r'''
- name: Put the fleet back as it was before nictune
  nictune.agent.nictune_rollback:
    to: baseline

- name: What would undoing the last apply write?
  nictune.agent.nictune_rollback:
    to: previous
  check_mode: true
'''

RETURN = r'''
plan:
  description: The settings a check-mode rollback would write (current and restored values).
  returned: check mode
  type: list
  elements: dict
transaction:
  description: The rollback's transaction, every setting with its status.
  returned: when not in check mode
  type: dict
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.nictune.agent.plugins.module_utils.nictune_cli import COMMON_ARGS, NictuneCli

# TuningReport JSON (the local verbs' shape): settings carry their key as {scope, target, name}.
WRITTEN = ('applied', 'adjusted')


def flatten(key):
    return ('%s %s' % (key.get('target') or '', key.get('name', ''))).strip()


def diff_lines(rows, field):
    return ''.join('%s: %s\n' % (flatten(r.get('key', {})), r.get(field) if r.get(field) is not None else '-') for r in rows)


def main():
    argument_spec = dict(to=dict(type='str', default='previous', choices=['baseline', 'previous']))
    argument_spec.update(COMMON_ARGS)
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    cli = NictuneCli(module)
    result = dict(changed=False)
    args = ['rollback', '--to', module.params['to'], '--json']
    header = 'rollback to %s' % module.params['to']

    if module.check_mode:
        report = cli.json(args + ['--dry-run'])
        changes = (report.get('plan') or {}).get('changes', [])
        result.update(changed=bool(changes), plan=changes)
        if module._diff:
            result['diff'] = dict(before=diff_lines(changes, 'current'), after=diff_lines(changes, 'desired'), after_header=header)
        module.exit_json(**result)

    # Exit 1: failed and undone; 3: the undo failed too. Both print the transaction, and fail the task.
    report = cli.json(args, ok=(0, 1, 3))
    transaction = report.get('result') or {}
    result['transaction'] = transaction
    if transaction.get('outcome') not in ('succeeded', 'no-changes'):
        module.fail_json(msg=transaction.get('message') or 'the rollback failed', **result)
    written = [s for s in transaction.get('settings', []) if s.get('status') in WRITTEN]
    result['changed'] = bool(written)
    if module._diff:
        result['diff'] = dict(before=diff_lines(written, 'original'), after=diff_lines(written, 'actual'), after_header=header)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
