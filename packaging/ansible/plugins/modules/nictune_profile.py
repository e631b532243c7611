#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright 2026 the nictune authors. See COPYING.

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: nictune_profile
short_description: Push a tuning profile to the nictune agent, or remove the pushed one
description:
  - Sends a profile document to the nictune agent on the host, which keeps it as its one pushed profile, active over
    the configured one (C(nictune push)). With O(state=absent) the pushed profile is removed and the configured profile
    applies again (C(nictune unpush)).
  - Idempotent. When the agent already holds exactly this document as its pushed profile, nothing is stored, the
    generation stays, and with O(apply=true) the result is changed only if the kernel had to be put back.
  - Check mode is the agent's dry run (C(nictune push --dry-run)) and changes nothing; diff mode shows the settings
    that change, with their current and new values.
  - Runs the C(nictune) CLI with C(--json); a refusal (an invalid profile with file, line and field, a stale
    generation, permission denied, an unreachable agent) fails the task with the agent's message. An invalid profile's
    problems name O(src), or C(content) for O(content).
  - With O(apply=true), a transaction that failed (rolled back) fails the task, and so does one that left the profile
    not wholly in force (C(OUTCOME_PARTIAL)), because the kernel refused some settings for good and the agent applied the rest
    without them, and the message names each refused setting with its errno. A rollout's C(max_fail_percentage)
    counts both.
version_added: 0.1.0
author: nictune maintainers (@nictune)
extends_documentation_fragment:
  - nictune.agent.agent
  - nictune.agent.agent.check_and_diff
options:
  state:
    description: V(present) pushes the profile; V(absent) removes the pushed profile.
    type: str
    choices: [present, absent]
    default: present
  src:
    description:
      - A profile file on the managed host. To push a file from the controller, use
        O(content) with C(lookup('file', ...)).
      - Mutually exclusive with O(content); one of them is required with O(state=present).
    type: path
  content:
    description: The profile's YAML text.
    type: str
  apply:
    description: Apply the profile now and report the transaction (otherwise the agent applies it at its next pass).
    type: bool
    default: true
  confirm_within:
    description:
      - With O(apply=true), hold the transaction pending for this long (C(10s) to C(1h), as C(60s) or C(5m)), then
        confirm it with a second, independent call to the agent.
      - When the confirmation fails (the change cut the control path, or the agent's health guard or its deadline
        reverted the transaction first), the task fails, so that C(max_fail_percentage) or C(any_errors_fatal) stops
        the rollout. Before it fails, the module reconnects every few seconds until the agent's events say how the
        transaction ended, for at most O(revert_timeout) seconds after the deadline, and returns that record in
        RV(revert), the outcome C(OUTCOME_UNCONFIRMED_REVERTED) (the agent rolled it back at its deadline) or
        C(OUTCOME_GUARD_REVERTED), with the agent's reason. When the agent cannot be reached by then, the message says
        that the revert could not be verified, gives the deadline, and says what to check on the host.
    type: str
  revert_timeout:
    description:
      - With O(confirm_within), when the confirmation failed, how many seconds after the confirmation deadline the
        module keeps trying to read the agent's record of the revert (a change that broke the path is reverted at the
        deadline, and the path has to come back). Every attempt is bounded by the CLI's connect timeout.
    type: int
    default: 60
  expected_generation:
    description:
      - Refuse unless the agent is at this generation (C(ansible_facts.nictune.status.activeProfile.generation)), so two
        controllers cannot silently overwrite each other. V(0) does not check.
    type: int
    default: 0
notes:
  - The agent compares the document byte for byte with the stored one, after the O(expected_generation) check.
'''

EXAMPLES = r'''
- name: Push and apply the fleet's profile
  nictune.agent.nictune_profile:
    content: "{{ lookup('file', 'profiles/web.yaml') }}"
    apply: true

- name: Push only if nobody else pushed since we looked
  nictune.agent.nictune_profile:
    src: /etc/nictune/staged/web.yaml
    expected_generation: "{{ ansible_facts.nictune.status.activeProfile.generation | int }}"

- name: Remove the pushed profile; the configured one applies again
  nictune.agent.nictune_profile:
    state: absent
'''

RETURN = r'''
name:
  description: The profile's name.
  returned: state=present
  type: str
  sample: web
generation:
  description: The agent's generation after the task (unchanged by check mode and by an identical document).
  returned: success
  type: int
  sample: 4
stored:
  description: Whether the document was stored.
  returned: state=present
  type: bool
unchanged:
  description: The agent already held exactly this document.
  returned: state=present
  type: bool
plan:
  description: The plan rows (setting, current, desired, action) of a check-mode run.
  returned: check mode
  type: list
  elements: dict
transaction:
  description: The agent's transaction (every setting with before, after and status), when one ran.
  returned: when apply ran or the profile was removed
  type: dict
confirmed:
  description: Whether a second call confirmed the transaction held pending by O(confirm_within).
  returned: when confirm_within held a transaction pending
  type: bool
revert:
  description:
    - A transaction the agent reverted instead of keeping, as read back from the agent, so that a play can act on it.
    - After a failed confirmation, V(verified=false) with an empty RV(revert.outcome) means the agent could not be reached
      (or no longer held a record of it) within O(revert_timeout) seconds after the deadline.
  returned: when the health guard reverted the transaction, or its confirmation failed
  type: dict
  contains:
    transaction:
      description: The transaction's id.
      type: str
      sample: 20261207T193000Z-0123abcd
    deadline:
      description: Its confirmation deadline (UTC), empty when none was set.
      type: str
      sample: "2026-12-07T19:31:00Z"
    verified:
      description: Whether the agent's own record says the transaction was reverted.
      type: bool
    outcome:
      description:
        - How it ended, V(OUTCOME_UNCONFIRMED_REVERTED) or V(OUTCOME_GUARD_REVERTED) (V(OUTCOME_ROLLBACK_FAILED) when the
          guard's undo could not restore everything); empty when not verified.
      type: str
      sample: OUTCOME_UNCONFIRMED_REVERTED
    rollback:
      description: For an unconfirmed revert, the outcome of the agent's rollback (C(succeeded) when every value is back).
      type: str
      sample: succeeded
    reason:
      description: The agent's reason, its revert's message or the health guard's evidence.
      type: str
confirmed_by:
  description: Who confirmed the transaction when this task's confirmation failed but another caller's got through.
  returned: when another caller confirmed it
  type: str
'''

import calendar
import json
import os
import time

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.nictune.agent.plugins.module_utils.nictune_cli import (
    COMMON_ARGS, NictuneCli, diff_of, plan_changes)

APPLIED = ('SETTING_STATUS_APPLIED', 'SETTING_STATUS_CLAMPED')


def written(transaction):
    return [s for s in (transaction or {}).get('settings', []) if s.get('status') in APPLIED]


# The CLI's exit codes that come with the transaction's JSON: 1 rolled back, 3 the rollback failed too, 5 the profile
# is not wholly in force (the kernel refused settings for good; the message names each with its errno).
TRANSACTION_EXITS = (0, 1, 3, 5)


# Between two attempts to read the agent's record of a transaction held pending (seconds).
POLL_INTERVAL = 3


def reverted_by_guard(transaction, result):
    """A transaction the health guard failed and reverted at once (with its evidence in `guard`) is reported as a
    revert: OUTCOME_GUARD_REVERTED, or OUTCOME_ROLLBACK_FAILED when the undo could not restore everything."""
    if transaction.get('guard'):
        result['revert'] = dict(transaction=transaction.get('id'), deadline='', verified=True,
                                outcome=transaction.get('outcome'), rollback='', reason=transaction.get('message') or '')


def fail_on_transaction(module, transaction, result):
    """A transaction that failed or left the profile not wholly in force (a non-zero exit code) fails the task."""
    if transaction and transaction.get('exitCode', 0) != 0:
        result['transaction'] = transaction
        reverted_by_guard(transaction, result)
        module.fail_json(msg=transaction.get('message') or 'the transaction failed', **result)


def confirm(module, cli, transaction, result):
    """A transaction held pending (confirm_within) is confirmed by a new call: a new connection, which proves the agent
    can still be reached. When the confirmation fails, the agent reverts the change at the deadline (or has reverted it
    already): the task fails with what the agent recorded, read back once it can be reached."""
    if not (transaction or {}).get('pendingConfirmation'):
        return
    rc, out, err = cli.run(['confirm', transaction['id'], '--json'])
    if rc == 0:
        result['confirmed'] = True
        return
    result['confirmed'] = False
    refusal = (err or out).strip() or 'exit %d' % rc
    deadline = transaction.get('confirmDeadline') or ''
    end = deadline_seconds(module, deadline) + module.params['revert_timeout']
    attempts = 0
    while True:
        attempts += 1
        state, detail = transaction_record(cli, transaction['id'])
        if state == 'final' or time.time() >= end:
            break
        time.sleep(max(0, min(POLL_INTERVAL, end - time.time())))
    if state == 'final' and detail.get('confirmedBy'):
        result['confirmed_by'] = detail['confirmedBy']
    else:
        result['revert'] = dict(transaction=transaction['id'], deadline=deadline, verified=state == 'final',
                                outcome='', rollback='', reason='')
        result['revert'].update(detail if state == 'final' else {})
    module.fail_json(msg=revert_message(module, transaction['id'], deadline, refusal, state, detail, attempts), **result)


def transaction_record(cli, transaction_id):
    """How the agent says a transaction held pending ended: (state, detail). `final` with the revert's outcome,
    rollback and reason, or with `confirmedBy` when another caller confirmed it; `pending` while the agent still holds
    it; `unreachable` with the CLI's message; `unknown` when the agent answers but none of its events names it."""
    rc, out, err = cli.run(['status', '--json'])
    if rc != 0:
        return 'unreachable', (err or out).strip() or 'nictune status exited %d' % rc
    if (json.loads(out).get('pending') or {}).get('transactionId') == transaction_id:
        return 'pending', None
    rc, out, err = cli.run(['events', '--json'])
    if rc != 0:
        return 'unreachable', (err or out).strip() or 'nictune events exited %d' % rc
    guard = []
    for line in out.splitlines():
        event = json.loads(line) if line.strip() else {}
        fields = event.get('fields') or {}
        if fields.get('TransactionId') != transaction_id:
            continue
        kind = event.get('kind')
        if kind == 'EVENT_KIND_UNCONFIRMED_REVERTED':
            return 'final', dict(outcome='OUTCOME_UNCONFIRMED_REVERTED', rollback=fields.get('Result', ''),
                                 reason=fields.get('Message', ''))
        if kind == 'EVENT_KIND_CHANGE_CONFIRMED':
            return 'final', dict(confirmedBy=fields.get('Caller', ''))
        if kind == 'EVENT_KIND_GUARD_FAILED':
            guard.append(event.get('message', ''))
    if guard:
        return 'final', dict(outcome='OUTCOME_GUARD_REVERTED', rollback='', reason='; '.join(guard))
    return 'unknown', None


def revert_message(module, transaction_id, deadline, refusal, state, detail, attempts):
    """The failed task's message: the revert as the agent recorded it, or why it could not be verified."""
    head = 'transaction %s could not be confirmed (%s)' % (transaction_id, refusal)
    waited = '%d s after its confirmation deadline %s (%d attempts)' % (module.params['revert_timeout'], deadline, attempts)
    check = ('check the host over its console: `nictune status` (the last transaction reads OUTCOME_UNCONFIRMED_REVERTED '
             'once the agent has reverted it) and `nictune events`, then the network path to the agent')
    if state == 'final' and detail.get('confirmedBy'):
        return '%s, but %s confirmed it: the change holds' % (head, detail['confirmedBy'])
    if state == 'final' and detail['outcome'] == 'OUTCOME_GUARD_REVERTED':
        return '%s: the agent\'s health guard reverted it (OUTCOME_GUARD_REVERTED): %s' % (head, detail['reason'])
    if state == 'final':
        return '%s: the agent reverted it at its deadline %s (OUTCOME_UNCONFIRMED_REVERTED, rollback: %s): %s' % (
            head, deadline, detail['rollback'], detail['reason'])
    if state == 'pending':
        return ('%s, and the revert could not be verified: the agent still held it pending %s, so it has not reverted '
                'it yet (its log says why); %s' % (head, waited, check))
    if state == 'unknown':
        return ('%s, and the revert could not be verified: the agent answers and no longer holds it pending, but none '
                'of its events says how it ended (its event ring no longer holds them, or it restarted); %s' % (head, check))
    return ('%s, and the revert could not be verified: the agent at %s was still unreachable %s, last: %s; %s'
            % (head, module.params['target'], waited, detail, check))


def deadline_seconds(module, deadline):
    """The confirmation deadline (RFC 3339 UTC, as the agent wrote it) in seconds since the epoch, its fraction rounded
    up; when it cannot be read, now plus the whole window."""
    try:
        return calendar.timegm(time.strptime(deadline[:19], '%Y-%m-%dT%H:%M:%S')) + 1
    except ValueError:
        return time.time() + module_window_seconds(module)


def module_window_seconds(module):
    """confirm_within in seconds: digits with an s, m or h unit (the agent checks the range)."""
    text = module.params['confirm_within'].strip()
    units = dict(s=1, m=60, h=3600)
    if text.isdigit():
        return int(text)
    if text[:-1].isdigit() and text[-1:] in units:
        return int(text[:-1]) * units[text[-1]]
    module.fail_json(msg='confirm_within: %r is not a duration such as 60s, 5m or 1h' % text)


def present(module, cli, result):
    path = module.params['src']
    shown_as = None
    if module.params['content'] is not None:
        path = os.path.join(module.tmpdir, 'profile.yaml')
        # Problems are located in the operator's own text: content:LINE:COLUMN, not the temporary file's name.
        shown_as = (path, 'content')
        with open(path, 'w') as f:
            f.write(module.params['content'])
    elif not os.path.isfile(path):
        module.fail_json(msg='src: %s is not a file on the managed host' % path, **result)

    generation = ['--expect-generation', str(module.params['expected_generation'])]
    if module.check_mode or module._diff:
        dry = cli.json(['push', path, '--dry-run', '--if-changed', '--json'] + generation, shown_as=shown_as)
        rows = plan_changes(dry.get('plan', {}).get('rows', []))
        result.update(name=dry.get('name'), generation=int(dry.get('generation', 0)), unchanged=dry.get('unchanged', False), stored=False)
        result['changed'] = not result['unchanged'] or (module.params['apply'] and bool(rows))
        if module._diff:
            result['diff'] = diff_of(rows, 'current', 'desired', 'profile %s' % result['name'])
        if module.check_mode:
            result['plan'] = rows
            return

    args = ['push', path, '--if-changed', '--json'] + generation
    if module.params['apply']:
        args.append('--apply')
    if module.params['confirm_within']:
        module_window_seconds(module)
        args += ['--confirm-within', module.params['confirm_within']]
    # A failed or partial transaction exits non-zero with its JSON: the task fails with the transaction's message.
    response = cli.json(args, ok=TRANSACTION_EXITS, shown_as=shown_as, **result)
    transaction = response.get('transaction')
    result.update(name=response.get('name'), generation=int(response.get('generation', 0)),
                  stored=response.get('stored', False), unchanged=response.get('unchanged', False))
    fail_on_transaction(module, transaction, result)
    if transaction:
        result['transaction'] = transaction
    result['changed'] = result['stored'] or bool(written(transaction))
    confirm(module, cli, transaction, result)
    if module._diff and transaction:
        result['diff'] = diff_of(written(transaction), 'before', 'after', 'profile %s' % result['name'])


def absent(module, cli, result):
    profiles = cli.json(['profiles', '--json']).get('profiles', [])
    pushed = [p for p in profiles if p.get('origin') == 'PROFILE_ORIGIN_PUSHED']
    status = cli.json(['status', '--json'])
    result['generation'] = int(status.get('activeProfile', {}).get('generation', 0))
    if not pushed:
        return
    expected = module.params['expected_generation']
    if module.check_mode:
        if expected and expected != result['generation']:
            module.fail_json(msg='stale generation: expected %d, the agent is at %d (check mode: nothing was removed)'
                             % (expected, result['generation']), **result)
        result['changed'] = True
        if module._diff:
            result['diff'] = dict(before='pushed: %s\n' % pushed[0]['name'], after='')
        return

    response = cli.json(['unpush', '--json', '--expect-generation', str(expected)], ok=TRANSACTION_EXITS, **result)
    transaction = response.get('transaction')
    result['generation'] = int(response.get('generation', 0))
    fail_on_transaction(module, transaction, result)
    result['changed'] = True
    result['transaction'] = transaction
    if module._diff:
        result['diff'] = dict(before='pushed: %s\n' % pushed[0]['name'], after='')


def main():
    argument_spec = dict(
        state=dict(type='str', default='present', choices=['present', 'absent']),
        src=dict(type='path'),
        content=dict(type='str'),
        apply=dict(type='bool', default=True),
        expected_generation=dict(type='int', default=0),
        confirm_within=dict(type='str'),
        revert_timeout=dict(type='int', default=60),
    )
    argument_spec.update(COMMON_ARGS)
    module = AnsibleModule(
        argument_spec=argument_spec,
        mutually_exclusive=[('src', 'content')],
        required_if=[('state', 'present', ('src', 'content'), True)],
        supports_check_mode=True,
    )
    if module.params['revert_timeout'] < 0:
        module.fail_json(msg='revert_timeout: must be 0 or more seconds, got %d' % module.params['revert_timeout'])
    if module.params['confirm_within'] and not module.params['apply']:
        module.fail_json(msg='confirm_within needs apply: true (without it no transaction runs to confirm)')
    if module.params['expected_generation'] < 0:
        module.fail_json(msg='expected_generation: must be 0 (no check) or a generation, got %d' % module.params['expected_generation'])
    cli = NictuneCli(module)
    result = dict(changed=False)
    if module.params['state'] == 'present':
        present(module, cli, result)
    else:
        absent(module, cli, result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
